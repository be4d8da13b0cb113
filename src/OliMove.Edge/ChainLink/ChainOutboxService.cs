using OliMove.Chain;
using OliMove.Edge.Hosting;
using OliMove.Edge.Planning;
using OliMove.Storage;

namespace OliMove.Edge.ChainLink;

/// <summary>
/// On start, resolves the running allocator's registry version (<see cref="AlgorithmVersionResolver"/>), queues
/// the site's asset registration and the allocator's publication (both idempotent by key), then runs the
/// outbox writer when a chain is configured.
/// </summary>
public sealed class ChainOutboxService(
    SiteState site,
    ChainOutboxRepository outbox,
    ChainRuntime chain,
    RunningAlgorithm algorithm,
    OutboxSignal signal,
    TimeProvider time,
    ILogger<ChainOutboxService> logger) : BackgroundService
{
    /// <summary>How long the start waits for the registry before it decides without it (real time: a node's answer).</summary>
    private static readonly TimeSpan RegistryTimeout = TimeSpan.FromSeconds(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var now = time.GetUtcNow();
        uint version;
        try
        {
            (version, var reason) = await AlgorithmVersionResolver.ResolveAsync(algorithm, outbox, chain.Algorithms, RegistryTimeout, stoppingToken);
            logger.LogInformation("Allocator {Id} (code {Code}, parameters {Parameters}) is algorithm version {Version}: {Reason}", algorithm.Description, algorithm.CodeHash, algorithm.ParametersHash, version, reason);
        }
        catch (Exception e)
        {
            algorithm.Fail(e);
            throw;
        }

        foreach (var entry in new[] { ChainOutboxEntry.ForAssets(Assets(site)), ChainOutboxEntry.ForAlgorithm(new AlgorithmPublicationPayload(version, algorithm.CodeHash, algorithm.ParametersHash, algorithm.Description)) })
        {
            await outbox.EnqueueAsync(entry.Kind, entry.Key, entry.PayloadJson, now, stoppingToken);
        }

        // Queued first: a slot record naming the number is queued after the publication it needs.
        algorithm.Resolve(version);

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
