using System.Globalization;
using Newtonsoft.Json;
using Newtonsoft.Json.Converters;
using Newtonsoft.Json.Linq;

namespace OliMove.Ocpp.Framing;

/// <summary>The one JSON configuration of the OCPP wire: strings stay strings (dates are validated as text by
/// the schema before they become <see cref="DateTimeOffset"/>), enums travel by their OCPP names, times as UTC.</summary>
public static class OcppJson
{
    public static readonly JsonSerializerSettings Settings = new()
    {
        DateParseHandling = DateParseHandling.None,
        NullValueHandling = NullValueHandling.Ignore,
        Culture = CultureInfo.InvariantCulture,
        MaxDepth = 32,
        Converters = { new StringEnumConverter(), new UtcDateTimeOffsetConverter() },
    };

    public static readonly JsonSerializer Serializer = JsonSerializer.Create(Settings);

    public static JObject ToPayload(object payload) =>
        payload as JObject ?? JObject.FromObject(payload, Serializer);

    public static T FromPayload<T>(JObject payload)
    {
        // The most frequent frame by far takes a direct reader; anything of another shape goes the serializer's way.
        if (typeof(T) == typeof(Messages.MeterValuesRequest) && MeterValuesPayloadReader.TryRead(payload) is { } meterValues)
        {
            return (T)(object)meterValues;
        }

        return payload.ToObject<T>(Serializer) ?? throw new JsonSerializationException($"empty {typeof(T).Name} payload");
    }
}
