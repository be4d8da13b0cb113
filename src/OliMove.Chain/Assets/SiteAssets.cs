namespace OliMove.Chain;

/// <summary>
/// Every asset of the site, as registered on chain (the payload of a registration outbox item). An asset registered
/// for the site before and absent here is retired by the registration (decision 0346).
/// </summary>
public sealed record SiteAssets(
    IReadOnlyList<ChargePointRegistration> ChargePoints,
    IReadOnlyList<PvInverterRegistration> PvInverters,
    IReadOnlyList<BatteryRegistration> Batteries)
{
    /// <summary>The site map's meters (grid connection, circuits, other loads).</summary>
    public IReadOnlyList<MeterRegistration> Meters { get; init; } = [];

    /// <summary>Throws <see cref="ArgumentException"/> naming the first bad field; values must fit the contract's types.</summary>
    public void Validate()
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        void Id(string id, string what)
        {
            if (string.IsNullOrWhiteSpace(id))
            {
                throw new ArgumentException($"A {what} has an empty id.");
            }

            if (!ids.Add(id))
            {
                throw new ArgumentException($"Asset id '{id}' is used twice; one id names one asset.");
            }
        }

        foreach (var cp in ChargePoints)
        {
            Id(cp.CpId, "charge point");
            PayloadRange.UInt32(cp.PowerValueW, $"{cp.CpId}.PowerValueW");
            PayloadRange.NonNegative(cp.EnergyWh, $"{cp.CpId}.EnergyWh");
            PayloadRange.UInt32(cp.UserEnergyLeftWh, $"{cp.CpId}.UserEnergyLeftWh");
            PayloadRange.UInt32(cp.UserTimeLeftS, $"{cp.CpId}.UserTimeLeftS");
        }

        foreach (var pv in PvInverters)
        {
            Id(pv.InverterId, "PV inverter");
            PayloadRange.UInt32(pv.PeakPowerW, $"{pv.InverterId}.PeakPowerW");
        }

        foreach (var battery in Batteries)
        {
            Id(battery.BatteryId, "battery");
            PayloadRange.NonNegative(battery.CapacityWh, $"{battery.BatteryId}.CapacityWh");
            PayloadRange.NonNegative(battery.EnergyAvailableWh, $"{battery.BatteryId}.EnergyAvailableWh");
            PayloadRange.UInt32(battery.MaxPowerW, $"{battery.BatteryId}.MaxPowerW");
            if (battery.EnergyAvailableWh > battery.CapacityWh)
            {
                throw new ArgumentException($"{battery.BatteryId}: energy available exceeds capacity.");
            }
        }

        foreach (var meter in Meters)
        {
            Id(meter.MeterId, "meter");
            PayloadRange.UInt32(meter.LimitW, $"{meter.MeterId}.LimitW");
            if (meter.Measures is not (MeterScope.GridConnection or MeterScope.Circuit or MeterScope.OtherLoad))
            {
                throw new ArgumentException($"{meter.MeterId}: measures must be GridConnection, Circuit or OtherLoad.");
            }

            if (meter.PhaseMask is < 1 or > 7)
            {
                throw new ArgumentException($"{meter.MeterId}.PhaseMask must name at least one of L1 (1), L2 (2), L3 (4).");
            }

            if ((meter.Measures == MeterScope.GridConnection) != string.IsNullOrEmpty(meter.Target))
            {
                throw new ArgumentException($"{meter.MeterId}: a grid-connection meter has no target, any other names its circuit or load.");
            }
        }
    }
}
