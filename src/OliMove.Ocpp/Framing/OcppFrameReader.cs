using System.Text.RegularExpressions;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace OliMove.Ocpp.Framing;

/// <summary>Parses one WebSocket text message into an OCPP-J frame [J 4.1, 4.2]. Never throws on bad input.</summary>
public static partial class OcppFrameReader
{
    /// <summary>OCPP-J 1.6 §4.1.4: a message id is a string of at most 36 characters.</summary>
    public const int MaxMessageIdLength = 36;

    /// <summary>Used where no message id can be read. OCPP-J 1.6 defines no id for this case; "-1" is the
    /// value OCPP 2.0.1 (§4.2.3) later standardised, which 1.6 peers ignore as an unknown id.</summary>
    public const string UnknownMessageId = "-1";

    public static OcppFrameParseResult Parse(string text)
    {
        JToken token;
        try
        {
            using var reader = new JsonTextReader(new StringReader(text))
            {
                DateParseHandling = DateParseHandling.None,
                MaxDepth = 32,
            };
            token = JToken.ReadFrom(reader);
            if (reader.Read())
            {
                return Failed(text, OcppErrorCode.FormationViolation, "trailing data after the JSON value");
            }
        }
        catch (JsonException e)
        {
            return Failed(text, OcppErrorCode.FormationViolation, "not valid JSON: " + e.Message);
        }

        if (token is not JArray array || array.Count == 0)
        {
            return OcppFrameParseResult.Failed(UnknownMessageId, OcppErrorCode.FormationViolation,
                "an OCPP-J message is a JSON array [type, id, ...]");
        }
        if (array[0].Type != JTokenType.Integer)
        {
            return OcppFrameParseResult.Failed(UnknownMessageId, OcppErrorCode.FormationViolation,
                "the message type number must be an integer");
        }
        var type = array[0].Value<long>();
        var idIsValid = array.Count > 1 && array[1].Type == JTokenType.String
            && ((string)array[1]!).Length is > 0 and <= MaxMessageIdLength;
        var id = idIsValid ? (string)array[1]! : null;
        if (type == 2 && array.Count < 3)
        {
            return OcppFrameParseResult.Failed(id ?? UnknownMessageId, OcppErrorCode.FormationViolation, "a CALL has an id and an action");
        }
        return type switch
        {
            2 => ParseCall(array, id),
            3 => id is not null && array.Count == 3 && array[2] is JObject result
                ? OcppFrameParseResult.Parsed(new OcppCallResult(id, result))
                : OcppFrameParseResult.Ignored("malformed CALLRESULT"),
            4 => ParseCallError(array, id),
            // OCPP-J 1.6 §4.1.3: an unknown message type number is ignored.
            _ => OcppFrameParseResult.Ignored($"unknown message type number {type}"),
        };
    }

    private static OcppFrameParseResult ParseCall(JArray array, string? id)
    {
        if (id is null)
        {
            return OcppFrameParseResult.Failed(UnknownMessageId, OcppErrorCode.FormationViolation,
                $"the message id must be a non-empty string of at most {MaxMessageIdLength} characters");
        }
        if (array[2].Type != JTokenType.String || ((string)array[2]!).Length == 0)
        {
            return OcppFrameParseResult.Failed(id, OcppErrorCode.FormationViolation, "the action must be a non-empty string");
        }
        if (array.Count == 3)
        {
            return OcppFrameParseResult.Failed(id, OcppErrorCode.ProtocolError, "the payload is missing");
        }
        if (array.Count > 4)
        {
            return OcppFrameParseResult.Failed(id, OcppErrorCode.FormationViolation, "a CALL has exactly four elements");
        }
        if (array[3] is not JObject payload)
        {
            return OcppFrameParseResult.Failed(id, OcppErrorCode.FormationViolation, "the payload must be a JSON object");
        }
        return OcppFrameParseResult.Parsed(new OcppCall(id, (string)array[2]!, payload));
    }

    private static OcppFrameParseResult ParseCallError(JArray array, string? id)
    {
        if (id is null || array.Count < 4 || array[2].Type != JTokenType.String)
        {
            return OcppFrameParseResult.Ignored("malformed CALLERROR");
        }
        var description = array[3].Type == JTokenType.String ? (string)array[3]! : "";
        var details = array.Count > 4 && array[4] is JObject d ? d : [];
        return OcppFrameParseResult.Parsed(new OcppCallError(id, OcppErrorCode.Normalise((string)array[2]!), description, details));
    }

    /// <summary>For a frame that is not JSON, still answer a CALL whose head is readable with its own id,
    /// so that the sender can correlate the error.</summary>
    private static OcppFrameParseResult Failed(string text, string code, string description)
    {
        var head = CallHead().Match(text);
        return head.Success
            ? OcppFrameParseResult.Failed(head.Groups[1].Value, code, description)
            : TypeHead().Match(text) is { Success: true } typeHead && typeHead.Groups[1].Value != "2"
                // A response is never answered, and an unknown type number is ignored [J 4.1.3], even when the
                // rest of the frame is unreadable.
                ? OcppFrameParseResult.Ignored("unreadable frame of message type " + typeHead.Groups[1].Value)
                : OcppFrameParseResult.Failed(UnknownMessageId, code, description);
    }

    /// <summary>Reads the message id of a frame that may be cut off or broken after its head, for example an
    /// oversized frame of which only the first bytes were kept.</summary>
    public static string? TryReadCallId(string head)
    {
        var match = CallHead().Match(head);
        return match.Success ? match.Groups[1].Value : null;
    }

    [GeneratedRegex("""^\s*\[\s*2\s*,\s*"([^"\\]{1,36})"\s*,""")]
    private static partial Regex CallHead();

    [GeneratedRegex("""^\s*\[\s*([0-9]{1,9})\s*[,\]]""")]
    private static partial Regex TypeHead();
}
