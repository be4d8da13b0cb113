namespace OliMove.Ocpp.Routing;

/// <summary>An OCPP CALLERROR: thrown by a handler to answer with a specific code, and thrown to the caller of an
/// outgoing CALL when the peer answered with a CALLERROR (or with a CALLRESULT that breaks its schema).</summary>
public class OcppCallErrorException(string errorCode, string description) : Exception($"{errorCode}: {description}")
{
    public string ErrorCode { get; } = errorCode;

    public string Description { get; } = description;
}
