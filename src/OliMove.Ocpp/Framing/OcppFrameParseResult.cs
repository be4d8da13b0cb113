namespace OliMove.Ocpp.Framing;

/// <summary>
/// What the framing layer made of one WebSocket text message: a frame, an error to answer with a CALLERROR,
/// or nothing to answer (an unknown message type number is ignored [J 4.1.3], and a malformed CALLRESULT or
/// CALLERROR is never answered, because responses are never responded to).
/// </summary>
public sealed record OcppFrameParseResult(OcppFrame? Frame, OcppCallError? Error, string? IgnoredReason)
{
    public static OcppFrameParseResult Parsed(OcppFrame frame) => new(frame, null, null);

    public static OcppFrameParseResult Failed(string messageId, string code, string description) =>
        new(null, new OcppCallError(messageId, code, description, []), null);

    public static OcppFrameParseResult Ignored(string reason) => new(null, null, reason);
}
