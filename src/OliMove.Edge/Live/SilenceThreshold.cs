namespace OliMove.Edge.Live;

/// <summary>
/// How long a charger may go without a connection and without a message before it counts as silent
/// (<see cref="ChargePointLive.IsSilent"/>). It is a transport time, like the OCPP call timeout: on an accelerated
/// clock (demo, tests) it is <c>Live.SilentAfterSeconds</c> real seconds, scaled by the clock's speed, or a charger
/// that reconnects in half a real second would count as silent at 1,440x.
/// </summary>
public sealed record SilenceThreshold(TimeSpan After);
