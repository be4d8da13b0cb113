namespace OliMove.Storage;

/// <summary>The highest energy register reading (Wh) of one connector within one 15-minute quarter (UTC-aligned).</summary>
public sealed record ConnectorQuarterRegister(string ChargePointId, int ConnectorId, DateTimeOffset QuarterStart, double RegisterWh);
