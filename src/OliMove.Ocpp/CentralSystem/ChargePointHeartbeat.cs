namespace OliMove.Ocpp.CentralSystem;

/// <summary>A charge point sent a Heartbeat: it is alive even when it has nothing else to say (OCPP 1.6 §4.6).</summary>
public sealed record ChargePointHeartbeat(string ChargePointId, DateTimeOffset At);
