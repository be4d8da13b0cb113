using OliMove.Modbus.Polling;

namespace OliMove.Edge.Hosting;

/// <summary>
/// Polls the site map's PV inverters every few seconds into live state and, by quarters, the stored forecast history.
/// One poller per Modbus endpoint (host and port: inverters behind one gateway share its connection), followed across
/// site-map reloads (decision 0378): an endpoint whose inverters a reload changed is restarted, the others run on.
/// </summary>
public sealed class PvPollingService(SiteState site, PvLiveState liveState, PvHistoryRecorder sink, InverterPollerOptions pollerOptions, TimeProvider time, ILogger<PvPollingService> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var loops = new SiteAssetLoops<IReadOnlyList<PvInverterEndpoint>>(
            site,
            "PV endpoint",
            topology => topology.Groups.SelectMany(g => g.PvInverters)
                .Select(pv => new PvInverterEndpoint(pv.Id, pv.Modbus.Host, pv.Modbus.Port, (byte)pv.Modbus.UnitId))
                .GroupBy(e => $"{e.Host}:{e.Port}", StringComparer.Ordinal)
                .Select(g => (g.Key, (IReadOnlyList<PvInverterEndpoint>)[.. g.OrderBy(e => e.InverterId, StringComparer.Ordinal)])),
            (a, b) => a.SequenceEqual(b),
            logger);

        // An inverter's last reading goes with its poller: a removed one must not show, a moved one must not count twice.
        return loops.RunAsync(PollAsync, endpoints => liveState.Forget(endpoints.Select(e => e.InverterId)), stoppingToken);
    }

    private async Task PollAsync(IReadOnlyList<PvInverterEndpoint> endpoints, CancellationToken ct)
    {
        await using var poller = new InverterPoller(endpoints, liveState, sink, time, pollerOptions);
        poller.SinkFailed += (_, e) => logger.LogError(e, "Storing a PV reading failed");
        await poller.RunAsync(ct);
    }
}
