using OliMove.Modbus.Polling;

namespace OliMove.Edge.Hosting;

/// <summary>Polls the site map's PV inverters every few seconds into live state and, by quarters, the stored forecast history.</summary>
public sealed class PvPollingService(SiteState site, PvLiveState liveState, PvHistoryRecorder sink, InverterPollerOptions pollerOptions, TimeProvider time, ILogger<PvPollingService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var endpoints = site.Topology.Groups.SelectMany(g => g.PvInverters)
            .Select(pv => new PvInverterEndpoint(pv.Id, pv.Modbus.Host, pv.Modbus.Port, (byte)pv.Modbus.UnitId))
            .ToList();
        if (endpoints.Count == 0)
        {
            return;
        }

        await using var poller = new InverterPoller(endpoints, liveState, sink, time, pollerOptions);
        poller.SinkFailed += (_, e) => logger.LogError(e, "Storing a PV reading failed");
        logger.LogInformation("Polling {Count} PV inverters", endpoints.Count);
        await poller.RunAsync(stoppingToken);
    }
}
