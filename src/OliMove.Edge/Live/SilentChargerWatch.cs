using OliMove.Edge.Hosting;
using OliMove.Edge.Planning;

namespace OliMove.Edge.Live;

/// <summary>
/// Re-plans a group as soon as one of its chargers falls silent (or speaks again), so that its sessions drop to
/// their fail-safe share within moments rather than at the next slot boundary. Silence itself is read from
/// <see cref="ChargePointLive.IsSilent"/>; this only notices when it changes.
/// </summary>
public sealed class SilentChargerWatch(
    SiteState site,
    LiveSiteState live,
    ReplanSignal replans,
    SilenceThreshold silence,
    TimeProvider time,
    ILogger<SilentChargerWatch> logger) : BackgroundService
{
    private readonly HashSet<string> _silent = new(StringComparer.Ordinal);

    public TimeSpan SilentAfter => silence.After;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // A quarter of the silence time, at most 30 s: a charger is treated as silent at most that late.
        var every = TimeSpan.FromTicks(Math.Min(SilentAfter.Ticks / 4, TimeSpan.FromSeconds(30).Ticks));
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                Check();
                await Task.Delay(every, time, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Requests a re-plan for every group whose set of silent chargers changed since the last check.</summary>
    public void Check()
    {
        var now = time.GetUtcNow();
        foreach (var cp in site.Topology.ChargePoints)
        {
            var silent = live.ChargePoint(cp.ChargePointId).IsSilent(now, SilentAfter);
            var changed = silent ? _silent.Add(cp.ChargePointId) : _silent.Remove(cp.ChargePointId);
            if (!changed)
            {
                continue;
            }

            if (silent)
            {
                logger.LogWarning("{ChargePoint} is silent (no connection, no message for {SilentAfter}); its sessions are planned at their fail-safe share", cp.ChargePointId, SilentAfter);
            }

            if (site.Topology.GroupOf(cp.ChargePointId) is { } group)
            {
                replans.Request(group.Id);
            }
        }
    }
}
