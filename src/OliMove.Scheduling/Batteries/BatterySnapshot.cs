namespace OliMove.Scheduling.Batteries;

/// <summary>
/// A stationary battery at the start of a slot, as the allocator sees it: attached to one circuit of the group, it
/// offsets the load of that circuit and of every circuit above it when it discharges (three-phase inverter: a third
/// per line) and adds to them when it charges. Energies are whole Wh, powers whole W.
/// </summary>
/// <param name="BatteryId">Site-map id.</param>
/// <param name="CircuitId">The circuit whose busbar the battery's inverter feeds.</param>
/// <param name="StoredWh">Energy the battery surely holds now: the measured state of charge × usable energy,
/// rounded down (the host takes the lower of the reading and what the last plan expected).</param>
/// <param name="ReserveWh">Energy never planned out of the battery (backup, ageing); 0 ≤ reserve ≤ capacity.</param>
/// <param name="CapacityWh">Usable energy when full.</param>
/// <param name="MaxChargeW">Largest charging power it will take now (its limit, or what it did when it did not follow).</param>
/// <param name="MaxDischargeW">Largest discharging power it will give now (likewise).</param>
/// <param name="MayChargeFromGrid">When false it charges only from PV surplus the sessions left; when true also from
/// grid capacity no session uses (a peak-shaving battery refilled in quiet hours).</param>
public sealed record BatterySnapshot(
    string BatteryId,
    string CircuitId,
    long StoredWh,
    long ReserveWh,
    long CapacityWh,
    long MaxChargeW,
    long MaxDischargeW,
    bool MayChargeFromGrid = false);
