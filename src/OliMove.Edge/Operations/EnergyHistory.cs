using OliMove.Edge.Hosting;
using OliMove.Storage;

namespace OliMove.Edge.Operations;

/// <summary>
/// Charging energy and quarter-hour peaks per group and for the site, for a day, week or month of the site's
/// calendar, from SQLite (<see cref="EnergyHistoryRepository"/>): the history survives restarts and covers what
/// retention folded into quarters. Groups are today's site map: a charge point moved counts in its new group.
/// </summary>
public sealed class EnergyHistory(SiteState site, SiteTimeZone zone, EnergyHistoryRepository repository)
{
    private static readonly TimeSpan Quarter = TimeSpan.FromMinutes(15);

    /// <summary>The period's bounds in UTC: local midnight of its first day to local midnight after its last.</summary>
    public (DateOnly First, DateTimeOffset From, DateTimeOffset To) Range(EnergyPeriod period, DateOnly date)
    {
        var first = period switch
        {
            EnergyPeriod.Day => date,
            EnergyPeriod.Week => date.AddDays(-(((int)date.DayOfWeek + 6) % 7)),
            EnergyPeriod.Month => new DateOnly(date.Year, date.Month, 1),
            _ => throw new ArgumentOutOfRangeException(nameof(period), period, null),
        };
        var next = period switch
        {
            EnergyPeriod.Day => first.AddDays(1),
            EnergyPeriod.Week => first.AddDays(7),
            _ => first.AddMonths(1),
        };
        return (first, zone.StartOf(first), zone.StartOf(next));
    }

    public async Task<EnergyHistoryView> ReadAsync(EnergyPeriod period, DateOnly date, CancellationToken ct)
    {
        var topology = site.Topology;
        var (first, from, to) = Range(period, date);
        var quarters = (int)((to - from).Ticks / Quarter.Ticks);
        var groupIndex = topology.Groups.Select((g, i) => (g, i)).ToDictionary(x => x.g.Id, x => x.i, StringComparer.Ordinal);
        var energy = new double[topology.Groups.Count, quarters];
        await repository.ForEachQuarterAsync([.. topology.ChargePoints.Select(c => c.ChargePointId)], from, to, q =>
        {
            var slot = (int)((q.QuarterStart - from).Ticks / Quarter.Ticks);
            if (slot >= 0 && slot < quarters && topology.GroupOf(q.ChargePointId) is { } group)
            {
                energy[groupIndex[group.Id], slot] += q.EnergyWh;
            }
        }, ct);

        var groups = topology.Groups.Select((g, i) => Series("group", g.Id, g.LimitW, from, first, Enumerable.Range(0, quarters).Select(s => energy[i, s]).ToArray())).ToList();
        var siteEnergy = Enumerable.Range(0, quarters).Select(s => Enumerable.Range(0, topology.Groups.Count).Sum(i => energy[i, s])).ToArray();
        return new EnergyHistoryView(
            period.ToString().ToLowerInvariant(), date, zone.Id, from, to,
            Series("site", null, topology.GridLimitW, from, first, siteEnergy), groups);
    }

    private EnergyHistorySeries Series(string scope, string? groupId, double limitW, DateTimeOffset from, DateOnly first, double[] energy)
    {
        var points = energy.Select((e, i) => new EnergyQuarterPoint(from + (Quarter * i), (long)Math.Round(e), (long)Math.Round(e * 4))).ToList();
        var peak = points.Count == 0 ? null : points.MaxBy(p => p.MeanPowerW);
        var days = points
            .GroupBy(p => DateOnly.FromDateTime(zone.ToLocal(p.At).DateTime))
            .Where(d => d.Key >= first)
            .Select(d =>
            {
                var top = d.MaxBy(p => p.MeanPowerW)!;
                return new EnergyDayTotal(d.Key, d.Sum(p => p.EnergyWh), top.MeanPowerW, top.MeanPowerW > 0 ? top.At : null);
            })
            .ToList();
        var peakW = peak?.MeanPowerW ?? 0;
        return new EnergyHistorySeries(
            scope, groupId, limitW, points.Sum(p => p.EnergyWh), peakW, peakW > 0 ? peak!.At : null,
            limitW > 0 ? Math.Round(peakW / limitW, 4) : 0, days, points);
    }
}
