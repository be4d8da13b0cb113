using OliMove.Chain;
using OliMove.Edge.Hosting;
using OliMove.Edge.Planning;
using OliMove.Storage;

namespace OliMove.Edge.ChainLink;

/// <summary>
/// On start, queues the site's asset registration and the allocator's publication (both idempotent by key),
/// then runs the outbox writer when a chain is configured.
/// </summary>
public sealed class ChainOutboxService(
    SiteState site,
    ChainOutboxRepository outbox,
    ChainRuntime chain,
    OutboxSignal signal,
    TimeProvider time,
    ILogger<ChainOutboxService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var now = time.GetUtcNow();
        foreach (var entry in new[] { ChainOutboxEntry.ForAssets(Assets(site)), ChainOutboxEntry.ForAlgorithm(new AlgorithmPublicationPayload(SlotCommitment.AlgorithmVersionNumber, AlgorithmIdentity.CodeHash(), AlgorithmIdentity.ParametersHash, AlgorithmIdentity.Description)) })
        {
            await outbox.EnqueueAsync(entry.Kind, entry.Key, entry.PayloadJson, now, stoppingToken);
        }

        if (chain.Writer is not { } writer)
        {
            logger.LogWarning("No chain configured (Chain.RpcUrl, AddressesFile, OperatorKeyFile): chain writes wait in the outbox");
            return;
        }

        signal.Woken += writer.Wake;
        try
        {
            await writer.RunAsync(stoppingToken);
        }
        finally
        {
            signal.Woken -= writer.Wake;
        }
    }

    public static SiteAssets Assets(SiteState site)
    {
        var topology = site.Topology;
        var chargePoints = topology.Groups.SelectMany(g => g.ChargePoints.SelectMany(cp => cp.Connectors.Select(c => new OliMove.Chain.ChargePointRegistration(
            Planning.PlanIds.ConnectorKey(cp.ChargePointId, c.ConnectorId),
            c.EvseId,
            (int)c.RatedPowerW,
            0,
            $"{c.Phases}-phase {c.MinCurrentA:0}-{c.MaxCurrentA:0} A",
            c.ConnectionType.ToString(),
            AssetStatusCode.Unknown,
            g.Id)))).ToList();
        var pv = topology.Groups.SelectMany(g => g.PvInverters.Select(p => new PvInverterRegistration(p.Id, (int)p.RatedPowerW, g.Id))).ToList();
        var batteries = topology.Groups.SelectMany(g => g.Batteries.Select(b => new BatteryRegistration(b.Id, (long)b.CapacityWh, (long)b.UsableEnergyWh, 0, g.Id))).ToList();
        return new SiteAssets(chargePoints, pv, batteries);
    }
}
