using OliMove.Edge.Configuration;
using OliMove.Edge.Hosting;
using OliMove.Edge.Live;
using OliMove.Edge.Planning;
using OliMove.Scheduling;
using OliMove.Storage;

namespace OliMove.Edge.Prices;

/// <summary>
/// Prices a driver's session at the slot prices (docs/prices.md, "What the driver sees"): the receipt's energy at the
/// prices its slots' archived plans carried, and a running request's plan at the prices of the plan in force. Both
/// read only what the allocator was given (the snapshot's signals), so they say what the plan optimised.
/// </summary>
public sealed class SessionEnergyCost(SiteState site, SlotPlanRepository slotPlans, MeterValueRepository meters, EnergySignalSource signals, EdgeOptions options)
{
    /// <summary>The metered energy of a transaction at the prices of its slots' archived plans; null when nothing was metered.</summary>
    public async Task<EnergyCostView?> OfTransactionAsync(TransactionRecord tx, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(tx);
        var readings = new List<(DateTimeOffset, double)> { (tx.StartedAt, tx.MeterStartWh) };
        foreach (var s in await meters.ListForTransactionAsync(tx.Id, ct))
        {
            if (s.Measurand == MeterValueRepository.EnergyRegisterMeasurand && string.IsNullOrEmpty(s.Phase) && s.Timestamp > readings[^1].Item1)
                readings.Add((s.Timestamp, s.Value));
        }
        if (tx is { MeterStopWh: { } stop, StoppedAt: { } stopped } && stopped > readings[^1].Item1)
            readings.Add((stopped, stop));
        var perSlot = SlotPricedEnergy.EnergyPerSlot(readings, SlotClock.SlotSeconds);
        if (perSlot.Count == 0)
            return null;

        var prices = site.Topology.GroupOf(tx.ChargePointId) is { } group
            ? await SlotPricesAsync(group.Id, perSlot.Keys.First(), perSlot.Keys.Last().AddSeconds(SlotClock.SlotSeconds), ct)
            : [];
        double pricedWh = 0, unpricedWh = 0;
        decimal micros = 0;
        foreach (var (slot, wh) in perSlot)
        {
            if (prices.TryGetValue(slot, out var price))
            {
                pricedWh += wh;
                micros += (decimal)wh * price / 1000m;
            }
            else
            {
                unpricedWh += wh;
            }
        }
        return new EnergyCostView(Currency, Math.Round(micros / 1_000_000m, 2), Math.Round(pricedWh / 1000, 3), Math.Round(unpricedWh / 1000, 3));
    }

    /// <summary>
    /// The cost of what is still planned for a session in the plan in force, and of the same energy at once; null
    /// when the plan carried no import prices (no signals, or a CO₂ objective without prices).
    /// </summary>
    public static (long PlannedMicros, long AtOnceMicros, long PlannedWh)? OfPlan(PlanInForce inForce, SessionSnapshot session, SessionPlan plan)
    {
        ArgumentNullException.ThrowIfNull(inForce);
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(plan);
        if (inForce.Snapshot.Signals?.ImportPriceMicrosPerKWh is not { } prices)
            return null;
        int slotSeconds = inForce.Plan.SlotSeconds;
        var atOnce = SlotPricedEnergy.AtOnce(plan.PowerW, Math.Min(session.ConnectorMaxW, session.VehicleMaxW));
        return (SlotPricedEnergy.CostMicros(plan.PowerW, slotSeconds, prices), SlotPricedEnergy.CostMicros(atOnce, slotSeconds, prices),
            plan.PowerW.Sum() * slotSeconds / 3600);
    }

    /// <summary>The site's price currency: the tariff's, else the bill's.</summary>
    public string Currency => signals.Loaded.Tariff?.Currency ?? options.Billing.Currency;

    private async Task<Dictionary<DateTimeOffset, long>> SlotPricesAsync(string groupId, DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        var prices = new Dictionary<DateTimeOffset, long>();
        foreach (var record in await slotPlans.ListRangeAsync(groupId, from, to, latestRevisionOnly: true, ct))
        {
            try
            {
                // The price of the slot is the first of the prices its plan was made with.
                if (SnapshotJsonReader.Read(record.InputJson).Signals?.ImportPriceMicrosPerKWh is [var price, ..])
                    prices[SlotClock.StartOf(record.SlotStart)] = price;
            }
            catch (Exception e) when (e is SnapshotFormatException or SnapshotValidationException)
            {
                // An unreadable archived input prices nothing; verify reports it.
            }
        }
        return prices;
    }
}
