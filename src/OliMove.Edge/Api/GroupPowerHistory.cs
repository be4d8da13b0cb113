using System.Collections.Concurrent;
using OliMove.Edge.Api.Views;
using OliMove.Edge.Hosting;
using OliMove.Edge.Live;
using OliMove.SiteMap.Topology;

namespace OliMove.Edge.Api;

/// <summary>
/// Measured power per group over the last day, for the cockpit's chart. In memory on purpose: meter values are in
/// SQLite for billing; this is only the picture since the service started, at most one point per
/// <see cref="Resolution"/> per group (a later sum in the same window replaces the point).
/// </summary>
/// <remarks>At 1,000 chargers a group hears hundreds of MeterValues a second, and summing its connectors under a
/// lock on each was a hot spot (decision 0372): a change takes the group's sum at most once per
/// <see cref="SampleEvery"/> and otherwise only marks the group changed, and a read takes the sum again when the
/// group changed since, so the latest state always shows.</remarks>
public sealed class GroupPowerHistory(SiteState site, LiveSiteState live, TimeProvider time) : IHostedService
{
    public static readonly TimeSpan Resolution = TimeSpan.FromSeconds(10);

    /// <summary>The most often a group's sum is taken on a change.</summary>
    public static readonly TimeSpan SampleEvery = TimeSpan.FromSeconds(1);

    private static readonly TimeSpan Kept = TimeSpan.FromHours(24);
    private readonly ConcurrentDictionary<string, GroupPowerSeries> _series = new(StringComparer.Ordinal);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        live.Changed += OnChanged;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        live.Changed -= OnChanged;
        return Task.CompletedTask;
    }

    public IReadOnlyList<PowerPoint> Measured(string groupId)
    {
        if (!_series.TryGetValue(groupId, out var series))
        {
            return [];
        }

        if (series.Changed && site.Topology.Groups.FirstOrDefault(g => g.Id == groupId) is { } group)
        {
            Sample(group, series);
        }

        lock (series)
        {
            return [.. series.Points];
        }
    }

    private void OnChanged(string chargePointId)
    {
        if (site.Topology.GroupOf(chargePointId) is not { } group)
        {
            return;
        }

        var series = _series.GetOrAdd(group.Id, _ => new GroupPowerSeries());
        var now = time.GetUtcNow();
        var last = Volatile.Read(ref series.SampledAtTicks);
        // One change claims the sum; the others of the same moment only mark the group (no queue at the lock).
        if (now.UtcTicks - last < SampleEvery.Ticks || Interlocked.CompareExchange(ref series.SampledAtTicks, now.UtcTicks, last) != last)
        {
            series.Changed = true;
            return;
        }

        Sample(group, series);
    }

    private void Sample(ChargingGroup group, GroupPowerSeries series)
    {
        lock (series)
        {
            var now = time.GetUtcNow();
            // Cleared before the sum: a change that lands while it is taken marks the group again.
            series.Changed = false;
            Volatile.Write(ref series.SampledAtTicks, now.UtcTicks);
            long measured = 0;
            var chargePoints = group.ChargePoints;
            for (var i = 0; i < chargePoints.Count; i++)
            {
                var connectors = chargePoints[i].Connectors;
                for (var j = 0; j < connectors.Count; j++)
                {
                    measured += live.MeasuredW(chargePoints[i].ChargePointId, connectors[j].ConnectorId) ?? 0;
                }
            }

            var points = series.Points;
            var point = new PowerPoint(now, measured);
            if (points.Count > 1 && now - points[^1].At < Resolution && now - points[^2].At < Resolution)
            {
                points[^1] = point;
            }
            else
            {
                points.Add(point);
            }

            var cut = 0;
            while (cut < points.Count && now - points[cut].At > Kept)
            {
                cut++;
            }

            if (cut > 0)
            {
                points.RemoveRange(0, cut);
            }
        }
    }
}
