using System.Collections.Frozen;
using System.Globalization;
using System.Reflection;
using System.Runtime.Serialization;
using System.Text.Json;
using Newtonsoft.Json.Linq;
using NJsonSchema.Validation.FormatValidators;
using OliMove.Ocpp.Messages;

namespace OliMove.Ocpp.Framing;

/// <summary>
/// Reads the frames a site's chargers send most (MeterValues, Heartbeat) in one pass from the WebSocket's UTF-8
/// bytes straight into the typed request, without a string of the frame, a Newtonsoft tree, the schema walk or the
/// serializer (decision 0330). It takes only a frame that is certainly valid and that <see cref="OcppFrameReader"/>,
/// the compiled schema check (decision 0045) and <see cref="MeterValuesPayloadReader"/> would all take, with the same
/// result; for anything else (another action, a value of another JSON type, an unknown property, a duplicate, an
/// escape it cannot be sure of, broken JSON) it returns null and the frame goes the general way, so every CALLERROR
/// stays exactly what it was.
/// </summary>
public static class OcppTypedCallReader
{
    private static readonly JsonReaderOptions Options = new() { MaxDepth = 32 };
    private static readonly DateTimeFormatValidator DateTimeFormat = new();

    private static readonly FrozenDictionary<string, ReadingContext> Contexts = WireNames<ReadingContext>("context");
    private static readonly FrozenDictionary<string, ValueFormat> Formats = WireNames<ValueFormat>("format");
    private static readonly FrozenDictionary<string, Measurand> Measurands = WireNames<Measurand>("measurand");
    private static readonly FrozenDictionary<string, Phase> Phases = WireNames<Phase>("phase");
    private static readonly FrozenDictionary<string, Location> Locations = WireNames<Location>("location");
    private static readonly FrozenDictionary<string, UnitOfMeasure> Units = WireNames<UnitOfMeasure>("unit");

    /// <summary>The CALL with its typed request, or null when the frame must take the general way.</summary>
    public static OcppCall? TryRead(ReadOnlySpan<byte> frame)
    {
        try
        {
            var reader = new Utf8JsonReader(frame, Options);
            // [2, "id", "Action", {payload}]: the type number exactly "2" (2.0 or 2e0 are not integers for the
            // general reader), an id of 1..36 UTF-16 characters (OCPP-J 1.6 §4.1.4).
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray
                || !reader.Read() || reader.TokenType != JsonTokenType.Number || !reader.ValueSpan.SequenceEqual("2"u8)
                || !reader.Read() || reader.TokenType != JsonTokenType.String)
            {
                return null;
            }
            var id = reader.GetString()!;
            if (id.Length is 0 or > OcppFrameReader.MaxMessageIdLength || !reader.Read() || reader.TokenType != JsonTokenType.String)
            {
                return null;
            }
            string action;
            object? typed;
            if (reader.ValueTextEquals(MeterValuesRequest.Action))
            {
                action = MeterValuesRequest.Action;
                if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                {
                    return null;
                }
                var start = (int)reader.TokenStartIndex;
                typed = ReadMeterValues(ref reader);
                var end = (int)reader.BytesConsumed;
                return typed is not null && End(ref reader)
                    ? new OcppCall(id, action, typed, frame[start..end].ToArray())
                    : null;
            }
            if (reader.ValueTextEquals(HeartbeatRequest.Action))
            {
                // The schema has no properties and allows no others: the payload is {} and nothing else.
                if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject
                    || !reader.Read() || reader.TokenType != JsonTokenType.EndObject || !End(ref reader))
                {
                    return null;
                }
                return new OcppCall(id, HeartbeatRequest.Action, new HeartbeatRequest(), "{}"u8.ToArray());
            }
            return null;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException or ArgumentException)
        {
            // Broken JSON, bad UTF-8, a lone surrogate: the general reader decides what to answer.
            return null;
        }
    }

    /// <summary>After the payload: the array's end, then nothing but white space.</summary>
    private static bool End(ref Utf8JsonReader reader) =>
        reader.Read() && reader.TokenType == JsonTokenType.EndArray && !reader.Read();

    private static MeterValuesRequest? ReadMeterValues(ref Utf8JsonReader reader)
    {
        int? connectorId = null;
        int? transactionId = null;
        List<MeterValue>? meterValues = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("connectorId"u8) && connectorId is null)
            {
                connectorId = ReadInt32(ref reader);
                if (connectorId is null)
                {
                    return null;
                }
            }
            else if (reader.ValueTextEquals("transactionId"u8) && transactionId is null)
            {
                transactionId = ReadInt32(ref reader);
                if (transactionId is null)
                {
                    return null;
                }
            }
            else if (reader.ValueTextEquals("meterValue"u8) && meterValues is null)
            {
                meterValues = ReadMeterValueArray(ref reader);
                if (meterValues is null)
                {
                    return null;
                }
            }
            else
            {
                // An unknown property or a duplicate: the general way decides.
                return null;
            }
        }
        return reader.TokenType == JsonTokenType.EndObject && connectorId is { } connector && meterValues is not null
            ? new MeterValuesRequest { ConnectorId = connector, TransactionId = transactionId, MeterValue = meterValues }
            : null;
    }

    private static List<MeterValue>? ReadMeterValueArray(ref Utf8JsonReader reader)
    {
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray)
        {
            return null;
        }
        var list = new List<MeterValue>(1);
        while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
        {
            DateTimeOffset? timestamp = null;
            List<SampledValue>? samples = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("timestamp"u8) && timestamp is null)
                {
                    timestamp = ReadTime(ref reader);
                    if (timestamp is null)
                    {
                        return null;
                    }
                }
                else if (reader.ValueTextEquals("sampledValue"u8) && samples is null)
                {
                    samples = ReadSampledValues(ref reader);
                    if (samples is null)
                    {
                        return null;
                    }
                }
                else
                {
                    return null;
                }
            }
            if (reader.TokenType != JsonTokenType.EndObject || timestamp is not { } at || samples is null)
            {
                return null;
            }
            list.Add(new MeterValue { Timestamp = at, SampledValue = samples });
        }
        return reader.TokenType == JsonTokenType.EndArray ? list : null;
    }

    private static List<SampledValue>? ReadSampledValues(ref Utf8JsonReader reader)
    {
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray)
        {
            return null;
        }
        var samples = new List<SampledValue>(8);
        while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
        {
            string? value = null;
            ReadingContext? context = null;
            ValueFormat? format = null;
            Measurand? measurand = null;
            Phase? phase = null;
            Location? location = null;
            UnitOfMeasure? unit = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var ok = reader.ValueTextEquals("value"u8) ? value is null && (value = ReadString(ref reader)) is not null
                    : reader.ValueTextEquals("measurand"u8) ? measurand is null && TryEnum(ref reader, Measurands, out measurand)
                    : reader.ValueTextEquals("unit"u8) ? unit is null && TryEnum(ref reader, Units, out unit)
                    : reader.ValueTextEquals("phase"u8) ? phase is null && TryEnum(ref reader, Phases, out phase)
                    : reader.ValueTextEquals("context"u8) ? context is null && TryEnum(ref reader, Contexts, out context)
                    : reader.ValueTextEquals("location"u8) ? location is null && TryEnum(ref reader, Locations, out location)
                    : reader.ValueTextEquals("format"u8) && format is null && TryEnum(ref reader, Formats, out format);
                if (!ok)
                {
                    return null;
                }
            }
            if (reader.TokenType != JsonTokenType.EndObject || value is null)
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
        return reader.TokenType == JsonTokenType.EndArray ? samples : null;
    }

    /// <summary>A JSON integer (no fraction, no exponent: the general reader's Integer token) within Int32.</summary>
    private static int? ReadInt32(ref Utf8JsonReader reader) =>
        reader.Read() && reader.TokenType == JsonTokenType.Number
        && reader.ValueSpan.IndexOfAny(".eE"u8) < 0 && reader.TryGetInt32(out var value)
            ? value
            : null;

    private static string? ReadString(ref Utf8JsonReader reader) =>
        reader.Read() && reader.TokenType == JsonTokenType.String ? reader.GetString() : null;

    /// <summary>Valid for the schema's date-time format (the check the compiled schema makes) and read as
    /// <see cref="UtcDateTimeOffsetConverter"/> reads it.</summary>
    private static DateTimeOffset? ReadTime(ref Utf8JsonReader reader) =>
        ReadString(ref reader) is { } text && DateTimeFormat.IsValid(text, JTokenType.String)
        && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value)
            ? value.ToUniversalTime()
            : null;

    private static bool TryEnum<TEnum>(ref Utf8JsonReader reader, FrozenDictionary<string, TEnum> names, out TEnum? value)
        where TEnum : struct, Enum
    {
        value = null;
        if (!reader.Read() || reader.TokenType != JsonTokenType.String)
        {
            return false;
        }
        var lookup = names.GetAlternateLookup<ReadOnlySpan<char>>();
        Span<char> text = stackalloc char[64];
        if (reader.ValueIsEscaped || reader.ValueSpan.Length > text.Length)
        {
            // Rare: the spelling is decided on the unescaped string.
            if (!names.TryGetValue(reader.GetString()!, out var named))
            {
                return false;
            }
            value = named;
            return true;
        }
        var length = reader.CopyString(text);
        if (!lookup.TryGetValue(text[..length], out var found))
        {
            return false;
        }
        value = found;
        return true;
    }

    /// <summary>The enum's OCPP spellings that the MeterValues schema also lists for the sampled value's
    /// <paramref name="property"/>: a name the schema does not list would be refused by it, so it is not taken here.</summary>
    private static FrozenDictionary<string, TEnum> WireNames<TEnum>(string property)
        where TEnum : struct, Enum
    {
        var allowed = SchemaEnum(property);
        return typeof(TEnum).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Select(field => (Name: field.GetCustomAttribute<EnumMemberAttribute>()?.Value ?? field.Name, Value: (TEnum)field.GetValue(null)!))
            .Where(e => allowed.Contains(e.Name))
            .ToFrozenDictionary(e => e.Name, e => e.Value, StringComparer.Ordinal);
    }

    private static HashSet<string> SchemaEnum(string property)
    {
        using var stream = typeof(OcppTypedCallReader).Assembly.GetManifestResourceStream("ocpp-schemas/MeterValues.json")!;
        using var schema = JsonDocument.Parse(stream);
        var sampled = schema.RootElement.GetProperty("properties").GetProperty("meterValue").GetProperty("items")
            .GetProperty("properties").GetProperty("sampledValue").GetProperty("items").GetProperty("properties");
        return sampled.GetProperty(property).GetProperty("enum").EnumerateArray().Select(e => e.GetString()!).ToHashSet(StringComparer.Ordinal);
    }
}
