namespace OliMove.Ocpp.Messages;

/// <summary>
/// The payload of a CALL, which fixes its action and the type of its reply: a route or an outgoing call takes
/// the action from the type, so no call site spells it (docs/decisions/0200). <typeparamref name="TSelf"/> is the
/// request itself, so that <c>CallAsync(new HeartbeatRequest())</c> infers both types.
/// </summary>
public interface IOcppRequest<TSelf, TResponse>
    where TSelf : IOcppRequest<TSelf, TResponse>
    where TResponse : notnull
{
    /// <summary>The action name on the wire (OCPP-J 1.6 §4.2.1), e.g. "MeterValues".</summary>
    static abstract string Action { get; }
}
