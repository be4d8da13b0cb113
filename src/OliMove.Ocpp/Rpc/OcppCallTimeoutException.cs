namespace OliMove.Ocpp.Rpc;

/// <summary>The peer did not answer a CALL within the configured timeout; the call slot has been freed.</summary>
public sealed class OcppCallTimeoutException(string action, TimeSpan timeout)
    : TimeoutException($"{action} got no reply within {timeout.TotalSeconds:0.###} s")
{
    public string Action { get; } = action;
}
