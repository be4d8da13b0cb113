namespace OliMove.Storage;

/// <summary>Energy one connector delivered in one 15-minute quarter (Wh), from its energy register.</summary>
public sealed record ConnectorQuarterEnergy(string ChargePointId, int ConnectorId, DateTimeOffset QuarterStart, double EnergyWh);
