using System.Globalization;
using Newtonsoft.Json;
using OliMove.Ocpp.Messages;

namespace OliMove.Ocpp.Framing;

/// <summary>Writes CALL, CALLRESULT and CALLERROR frames [J 4.2]; payloads are typed records or JObjects.</summary>
public static class OcppFrameWriter
{
    public static string WriteCall(string messageId, string action, object payload) =>
        Write(w =>
        {
            w.WriteValue(2);
            w.WriteValue(messageId);
            w.WriteValue(action);
            OcppJson.Serializer.Serialize(w, payload);
        });

    public static string WriteCallResult(string messageId, object payload) =>
        Write(w =>
        {
            w.WriteValue(3);
            w.WriteValue(messageId);
            OcppJson.Serializer.Serialize(w, payload);
        });

    public static string WriteCallError(OcppCallError error) =>
        Write(w =>
        {
            w.WriteValue(4);
            w.WriteValue(error.MessageId);
            w.WriteValue(error.ErrorCode);
            w.WriteValue(error.ErrorDescription);
            // OCPP-J 1.6 §4.2.3: errorDetails is an object; {} when there are none.
            error.ErrorDetails.WriteTo(w);
        });

    /// <summary>The CALLRESULT of the replies chargers get most (MeterValues, Heartbeat), written directly: the same
    /// text the serializer writes, for replies that cannot break their schema (an empty object; a UTC time). Null for
    /// any other reply, or an id the serializer would escape, which then go the general way (decision 0330).</summary>
    public static string? TryWriteCertainlyValidCallResult(string messageId, object payload)
    {
        foreach (var c in messageId)
        {
            if (c is < ' ' or > '~' or '"' or '\\')
            {
                return null;
            }
        }
        return payload switch
        {
            MeterValuesResponse => string.Concat("[3,\"", messageId, "\",{}]"),
            HeartbeatResponse heartbeat => string.Concat("[3,\"", messageId, "\",{\"currentTime\":\"",
                heartbeat.CurrentTime.UtcDateTime.ToString(UtcDateTimeOffsetConverter.WireFormat, CultureInfo.InvariantCulture), "\"}]"),
            _ => null,
        };
    }

    private static string Write(Action<JsonTextWriter> body)
    {
        var text = new StringWriter(CultureInfo.InvariantCulture);
        using (var writer = new JsonTextWriter(text) { Formatting = Formatting.None })
        {
            writer.WriteStartArray();
            body(writer);
            writer.WriteEndArray();
        }
        return text.ToString();
    }
}
