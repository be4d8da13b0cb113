namespace OliMove.Bench.SiteEnergy;

/// <summary>The cabinet's battery: usable energy, reserve, power limits and the energy it starts March with.</summary>
internal sealed record BatterySpec(long CapacityWh, long ReserveWh, long MaxChargeW, long MaxDischargeW, long InitialWh);
