using System.Collections.Frozen;
using System.Globalization;
using System.Reflection;
using System.Runtime.Serialization;
using Newtonsoft.Json.Linq;
using OliMove.Ocpp.Messages;

namespace OliMove.Ocpp.Framing;

/// <summary>
/// Reads a schema-valid MeterValues payload into its typed record by walking the parsed tree directly, instead of the
/// serializer's reflection and converters: MeterValues is most of what a site's chargers send, and the serializer's
/// pass cost more than parsing the frame (docs/bench/ocpp.md; decision 0290). It takes only the plain shape (each value
/// of the JSON type the schema names, each enum by its exact OCPP spelling) and returns null for anything else, which
/// then goes through the serializer as before, so the result and every error are the serializer's.
/// </summary>
public static class MeterValuesPayloadReader
{
    private static readonly FrozenDictionary<string, ReadingContext> Contexts = WireNames<ReadingContext>();
    private static readonly FrozenDictionary<string, ValueFormat> Formats = WireNames<ValueFormat>();
    private static readonly FrozenDictionary<string, Measurand> Measurands = WireNames<Measurand>();
    private static readonly FrozenDictionary<string, Phase> Phases = WireNames<Phase>();
    private static readonly FrozenDictionary<string, Location> Locations = WireNames<Location>();
    private static readonly FrozenDictionary<string, UnitOfMeasure> Units = WireNames<UnitOfMeasure>();

    /// <summary>The typed request, or null when the payload is not of the plain shape (the caller then uses the serializer).</summary>
    public static MeterValuesRequest? TryRead(JObject payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        int? connectorId = null;
        int? transactionId = null;
        List<MeterValue>? meterValues = null;
        foreach (var property in payload.Properties())
        {
            switch (property.Name)
            {
                case "connectorId" when Int32Of(property.Value) is { } id:
                    connectorId = id;
                    break;
                case "transactionId" when Int32Of(property.Value) is { } id:
                    transactionId = id;
                    break;
                case "meterValue" when property.Value is JArray array && MeterValuesOf(array) is { } read:
                    meterValues = read;
                    break;
                default:
                    return null;
            }
        }

        return connectorId is { } connector && meterValues is not null
            ? new MeterValuesRequest { ConnectorId = connector, TransactionId = transactionId, MeterValue = meterValues }
            : null;
    }

    private static List<MeterValue>? MeterValuesOf(JArray array)
    {
        var meterValues = new List<MeterValue>(array.Count);
        foreach (var item in array)
        {
            if (item is not JObject meterValue)
            {
                return null;
            }

            DateTimeOffset? timestamp = null;
            List<SampledValue>? samples = null;
            foreach (var property in meterValue.Properties())
            {
                switch (property.Name)
                {
                    case "timestamp" when TimeOf(property.Value) is { } at:
                        timestamp = at;
                        break;
                    case "sampledValue" when property.Value is JArray sampled && SampledValuesOf(sampled) is { } read:
                        samples = read;
                        break;
                    default:
                        return null;
                }
            }

            if (timestamp is not { } time || samples is null)
            {
                return null;
            }

            meterValues.Add(new MeterValue { Timestamp = time, SampledValue = samples });
        }

        return meterValues;
    }

    private static List<SampledValue>? SampledValuesOf(JArray array)
    {
        var samples = new List<SampledValue>(array.Count);
        foreach (var item in array)
        {
            if (item is not JObject sampled)
            {
                return null;
            }

            string? value = null;
            ReadingContext? context = null;
            ValueFormat? format = null;
            Measurand? measurand = null;
            Phase? phase = null;
            Location? location = null;
            UnitOfMeasure? unit = null;
            foreach (var property in sampled.Properties())
            {
                var ok = property.Name switch
                {
                    "value" => (value = StringOf(property.Value)) is not null,
                    "context" => TryEnum(property.Value, Contexts, out context),
                    "format" => TryEnum(property.Value, Formats, out format),
                    "measurand" => TryEnum(property.Value, Measurands, out measurand),
                    "phase" => TryEnum(property.Value, Phases, out phase),
                    "location" => TryEnum(property.Value, Locations, out location),
                    "unit" => TryEnum(property.Value, Units, out unit),
                    _ => false,
                };
                if (!ok)
                {
                    return null;
                }
            }

            if (value is null)
            {
                return null;
            }

            samples.Add(new SampledValue
            {
                Value = value,
                Context = context,
                Format = format,
                Measurand = measurand,
                Phase = phase,
                Location = location,
                Unit = unit,
            });
        }

        return samples;
    }

    private static int? Int32Of(JToken token) =>
        token.Type == JTokenType.Integer && token is JValue { Value: long n } && n is >= int.MinValue and <= int.MaxValue ? (int)n : null;

    private static string? StringOf(JToken token) => token.Type == JTokenType.String ? (string?)token : null;

    /// <summary>As <see cref="UtcDateTimeOffsetConverter"/> reads a time; null (the serializer's turn) for anything it would not take.</summary>
    private static DateTimeOffset? TimeOf(JToken token) =>
        StringOf(token) is { } text && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value)
            ? value.ToUniversalTime()
            : null;

    private static bool TryEnum<TEnum>(JToken token, FrozenDictionary<string, TEnum> names, out TEnum? value)
        where TEnum : struct, Enum
    {
        if (StringOf(token) is { } text && names.TryGetValue(text, out var found))
        {
            value = found;
            return true;
        }

        value = null;
        return false;
    }

    private static FrozenDictionary<string, TEnum> WireNames<TEnum>()
        where TEnum : struct, Enum =>
        typeof(TEnum).GetFields(BindingFlags.Public | BindingFlags.Static).ToFrozenDictionary(
            field => field.GetCustomAttribute<EnumMemberAttribute>()?.Value ?? field.Name,
            field => (TEnum)field.GetValue(null)!,
            StringComparer.Ordinal);
}
