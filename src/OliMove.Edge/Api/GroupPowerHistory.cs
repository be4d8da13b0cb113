using System.Collections.Concurrent;
using OliMove.Edge.Api.Views;
using OliMove.Edge.Hosting;
using OliMove.Edge.Live;

namespace OliMove.Edge.Api;

/// <summary>
/// Measured power per group over the last day, sampled whenever a connector reports, for the cockpit's chart.
/// In memory on purpose: meter values are in SQLite for billing; this is only the picture since the service
/// started, at most one point per <see cref="Resolution"/> per group (a later report in the same window
/// replaces the point, so the latest state always shows).
/// </summary>
public sealed class GroupPowerHistory(SiteState site, LiveSiteState live, TimeProvider time) : IHostedService
{
    public static readonly TimeSpan Resolution = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Kept = TimeSpan.FromHours(24);
    private readonly ConcurrentDictionary<string, List<PowerPoint>> _points = new(StringComparer.Ordinal);

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
        if (!_points.TryGetValue(groupId, out var points))
        {
            return [];
        }

        lock (points)
        {
            return [.. points];
        }
    }

    private void OnChanged(string chargePointId)
    {
        if (site.Topology.GroupOf(chargePointId) is not { } group)
        {
            return;
        }

        var now = time.GetUtcNow();
        // Runs on every MeterValues: a plain loop over the group, no allocation.
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

        var points = _points.GetOrAdd(group.Id, _ => []);
        lock (points)
        {
            var point = new PowerPoint(now, measured);
            if (points.Count > 0 && now - points[^1].At < Resolution && points.Count > 1 && now - points[^2].At < Resolution)
            {
                points[^1] = point;
            }
            else
            {
                points.Add(point);
            }

            var cut = points.FindIndex(p => now - p.At <= Kept);
            if (cut > 0)
            {
                points.RemoveRange(0, cut);
            }
        }
    }
}
