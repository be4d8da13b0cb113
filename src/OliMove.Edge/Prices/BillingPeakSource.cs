using OliMove.SiteMap.Topology;
using OliMove.Storage;

namespace OliMove.Edge.Prices;

/// <summary>
/// A group's highest 15-minute average draw so far in the billing month (the month in the tariff's time zone, UTC
/// without a tariff), from the chargers' stored energy registers: the input that lets the allocator use the peak
/// already paid for without raising it (decision 0271). A quarter's energy is the rise of each connector's register
/// since its previous reading; a rise over several quarters without readings is spread evenly over them, so a gap
/// in the readings does not invent a peak. Only complete quarters count.
/// </summary>
public sealed class BillingPeakSource(QuarterRegisterRepository registers, EnergySignalSource signals)
{
    private static readonly TimeSpan Quarter = TimeSpan.FromMinutes(15);

    public async Task<long> PeakSoFarWAsync(ChargingGroup group, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(group);
        var zone = signals.Loaded.Tariff?.TimeZone ?? TimeZoneInfo.Utc;
        var local = TimeZoneInfo.ConvertTime(now, zone);
        var monthStartLocal = new DateTime(local.Year, local.Month, 1, 0, 0, 0, DateTimeKind.Unspecified);
        var monthStart = new DateTimeOffset(monthStartLocal, zone.GetUtcOffset(monthStartLocal));
        var end = new DateTimeOffset(now.UtcTicks / Quarter.Ticks * Quarter.Ticks, TimeSpan.Zero);
        var chargePoints = group.ChargePoints.Select(c => c.ChargePointId).ToHashSet(StringComparer.Ordinal);
        // One quarter before the month, for the reading that the month's first rise starts from.
        var rows = await registers.ListAsync(monthStart - Quarter, end, ct);
        return PeakW(rows.Where(r => chargePoints.Contains(r.ChargePointId)), monthStart);
    }

    /// <summary>
    /// The group's peak in the previous billing month (the calendar month before <paramref name="now"/>'s in the
    /// tariff's zone): the site's own history as a forecast of this month's peak (EnergySignals.ExpectedPeakW,
    /// decision 0320). 0 when the database holds no readings of that month.
    /// </summary>
    public async Task<long> PreviousPeriodPeakWAsync(ChargingGroup group, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(group);
        var zone = signals.Loaded.Tariff?.TimeZone ?? TimeZoneInfo.Utc;
        var local = TimeZoneInfo.ConvertTime(now, zone);
        var monthStartLocal = new DateTime(local.Year, local.Month, 1, 0, 0, 0, DateTimeKind.Unspecified);
        var previousStartLocal = monthStartLocal.AddMonths(-1);
        var monthStart = new DateTimeOffset(monthStartLocal, zone.GetUtcOffset(monthStartLocal));
        var previousStart = new DateTimeOffset(previousStartLocal, zone.GetUtcOffset(previousStartLocal));
        var chargePoints = group.ChargePoints.Select(c => c.ChargePointId).ToHashSet(StringComparer.Ordinal);
        var rows = await registers.ListAsync(previousStart - Quarter, monthStart, ct);
        return PeakW(rows.Where(r => chargePoints.Contains(r.ChargePointId) && r.QuarterStart < monthStart), previousStart);
    }

    /// <summary>The highest quarter's energy × 4 (Wh per 15 minutes → W), over quarters from <paramref name="from"/>.</summary>
    public static long PeakW(IEnumerable<ConnectorQuarterRegister> rows, DateTimeOffset from)
    {
        var energyWh = new SortedDictionary<long, double>();
        foreach (var connector in rows.GroupBy(r => (r.ChargePointId, r.ConnectorId)))
        {
            ConnectorQuarterRegister? previous = null;
            foreach (var row in connector.OrderBy(r => r.QuarterStart))
            {
                if (previous is not null && row.RegisterWh > previous.RegisterWh)
                {
                    long firstQuarter = previous.QuarterStart.UtcTicks / Quarter.Ticks + 1;
                    long lastQuarter = row.QuarterStart.UtcTicks / Quarter.Ticks;
                    double share = (row.RegisterWh - previous.RegisterWh) / (lastQuarter - firstQuarter + 1);
                    for (long q = firstQuarter; q <= lastQuarter; q++)
                    {
                        if (q * Quarter.Ticks >= from.UtcTicks)
                            energyWh[q] = energyWh.GetValueOrDefault(q) + share;
                    }
                }
                // A register that fell was reset (a new meter): the next rise counts from the new reading.
                previous = row;
            }
        }
        return energyWh.Count == 0 ? 0 : (long)Math.Round(energyWh.Values.Max() * 4, MidpointRounding.ToEven);
    }
}
