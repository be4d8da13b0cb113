namespace OliMove.Chain;

/// <summary>A battery as SC1 records it: capacity and energy available.</summary>
public sealed record BatteryRegistration(string BatteryId, long CapacityWh, long EnergyAvailableWh, int MaxPowerW, string Group);
