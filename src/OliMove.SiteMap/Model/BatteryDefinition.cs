namespace OliMove.SiteMap.Model;

public sealed record BatteryDefinition(string Id, string CircuitId, double CapacityWh, double UsableEnergyWh);
