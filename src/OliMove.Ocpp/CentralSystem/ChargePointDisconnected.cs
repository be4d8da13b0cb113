namespace OliMove.Ocpp.CentralSystem;

/// <summary>A charger's OCPP connection ended (or was replaced by a newer one).</summary>
public sealed record ChargePointDisconnected(string ChargePointId, DateTimeOffset At);
