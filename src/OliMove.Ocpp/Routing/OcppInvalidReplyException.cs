namespace OliMove.Ocpp.Routing;

/// <summary>The peer answered a CALL with a CALLRESULT that breaks the action's response schema. A kind of
/// CALLERROR for the caller, told apart so that a local controller can count a bad peer's answers.</summary>
public sealed class OcppInvalidReplyException(string errorCode, string description) : OcppCallErrorException(errorCode, description);
