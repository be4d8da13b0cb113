using System.Globalization;
using Newtonsoft.Json;

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
