namespace OliMove.Scheduling;

/// <summary>
/// The site's price and CO₂ signals over a snapshot's horizon (docs/prices.md, decision 0271). Integers only, like
/// everything the allocator reads: prices in millionths of the currency per kWh (0.06087 USD/kWh = 60870), the
/// demand charge in millionths per kW of the billing period's peak, CO₂ in g/kWh. A series the objective does not
/// read may be null; every series given has one value per slot.
/// </summary>
/// <param name="Objective">What best-effort energy is placed to minimise.</param>
/// <param name="ImportPriceMicrosPerKWh">Per slot: the price of a kWh drawn from the grid. Required for <see cref="PlacementObjective.Cost"/>.</param>
/// <param name="FeedInPriceMicrosPerKWh">Per slot: what a kWh of PV fed into the grid earns (the value PV surplus used for charging gives up).</param>
/// <param name="Co2GramsPerKWh">Per slot: the grid's CO₂ intensity. Required for <see cref="PlacementObjective.Co2"/>.</param>
/// <param name="DemandChargeMicrosPerKW">Charge per kW of the billing period's highest 15-minute average grid draw; 0 when none.</param>
/// <param name="PeakSoFarW">The group's highest 15-minute average grid draw so far in the billing period (from stored energy).</param>
/// <param name="ExpectedPeakW">A forecast of the billing period's peak from the site's own history (the previous billing
/// period's peak); 0 when none. The demand charge is expected to reach it anyway, so best effort is not deferred below it,
/// and a group whose expected peak is at its limit is planned energy first from the period's first day (decision 0320).</param>
public sealed record EnergySignals(
    PlacementObjective Objective,
    IReadOnlyList<long>? ImportPriceMicrosPerKWh,
    IReadOnlyList<long>? FeedInPriceMicrosPerKWh,
    IReadOnlyList<long>? Co2GramsPerKWh,
    long DemandChargeMicrosPerKW,
    long PeakSoFarW,
    long ExpectedPeakW = 0);
