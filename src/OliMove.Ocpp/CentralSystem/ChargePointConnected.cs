namespace OliMove.Ocpp.CentralSystem;

/// <summary>A charger opened its OCPP connection.</summary>
public sealed record ChargePointConnected(string ChargePointId, DateTimeOffset At);
