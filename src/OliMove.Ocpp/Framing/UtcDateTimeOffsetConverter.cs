using System.Globalization;
using Newtonsoft.Json;

namespace OliMove.Ocpp.Framing;

/// <summary>Writes times as UTC ISO 8601 with a "Z" (what chargers parse most reliably) and reads any ISO 8601
/// offset, normalised to UTC at this edge.</summary>
public sealed class UtcDateTimeOffsetConverter : JsonConverter
{
    /// <summary>How a time is written on the wire.</summary>
    public const string WireFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    public override bool CanConvert(Type objectType) =>
        objectType == typeof(DateTimeOffset) || objectType == typeof(DateTimeOffset?);

    public override object? ReadJson(JsonReader reader, Type objectType, object? existingValue, JsonSerializer serializer)
    {
        if (reader.TokenType == JsonToken.Null)
        {
            return null;
        }
        var text = reader.Value is DateTime dt ? dt.ToString("O", CultureInfo.InvariantCulture) : Convert.ToString(reader.Value, CultureInfo.InvariantCulture);
        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value))
        {
            throw new JsonSerializationException($"'{text}' is not an ISO 8601 date-time");
        }
        return value.ToUniversalTime();
    }

    public override void WriteJson(JsonWriter writer, object? value, JsonSerializer serializer)
    {
        if (value is DateTimeOffset time)
        {
            writer.WriteValue(time.UtcDateTime.ToString(WireFormat, CultureInfo.InvariantCulture));
        }
        else
        {
            writer.WriteNull();
        }
    }
}
