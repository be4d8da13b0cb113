using OliMove.Chain;
using OliMove.Edge.Hosting;
using OliMove.Edge.Live;
using OliMove.Edge.Planning;
using OliMove.Edge.Sessions;
using OliMove.SiteMap.Model;
using OliMove.SiteMap.Topology;
using OliMove.Storage;

namespace OliMove.Edge.ChainLink;

/// <summary>
/// On start, resolves the running allocator's registry version (<see cref="AlgorithmVersionResolver"/>), queues
/// the site's asset registration (with each connector's lifetime energy and last status) and the allocator's
/// publication (both idempotent by key), makes the settlements that waited for the chain's rates, then runs the
/// outbox writer when a chain is configured.
/// </summary>
public sealed class ChainOutboxService(
    SiteState site,
    ChainOutboxRepository outbox,
    ChainRuntime chain,
    RunningAlgorithm algorithm,
    SessionSettler settler,
    SiteAssetRegistration registration,
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

        await registration.QueueAsync(site.Topology, stoppingToken);
        var publication = ChainOutboxEntry.ForAlgorithm(new AlgorithmPublicationPayload(version, algorithm.CodeHash, algorithm.ParametersHash, algorithm.Description));
        await outbox.EnqueueAsync(publication.Kind, publication.Key, publication.PayloadJson, now, stoppingToken);

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
            await Task.WhenAll(writer.RunAsync(stoppingToken), SettleOnceRatesAreKnownAsync(stoppingToken));
        }
        finally
        {
            signal.Woken -= writer.Wake;
        }
    }

    /// <summary>Sessions stopped while the chain's rates were unknown (a node away since start) are settled once they are known.</summary>
    private async Task SettleOnceRatesAreKnownAsync(CancellationToken ct)
    {
        var wait = TimeSpan.FromSeconds(1);
        while (await chain.Rates.CurrentAsync(ct) is null)
        {
            await Task.Delay(wait, TimeProvider.System, ct);
            wait = TimeSpan.FromSeconds(Math.Min(60, wait.TotalSeconds * 2));
        }

        try
        {
            var settled = await settler.SettleOutstandingAsync(ct);
            if (settled > 0)
            {
                logger.LogInformation("Settled {Count} sessions that waited for the chain's tariff", settled);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A storage fault: the storage monitor settles outstanding sessions again when it recovers.
            logger.LogWarning(e, "Settling the sessions that waited for the chain's tariff failed");
        }
    }

    /// <summary>
    /// The site's assets for SC1: each connector with its energy register (lifetime Wh) and OCPP status as last
    /// heard (rebuilt from SQLite at start; 0 and Unknown for a connector never heard from).
    /// </summary>
    public static SiteAssets Assets(SiteTopology topology, LiveSiteState live)
    {
        var chargePoints = topology.Groups.SelectMany(g => g.ChargePoints.SelectMany(cp => cp.Connectors.Select(c =>
        {
            var state = live.Connector(cp.ChargePointId, c.ConnectorId);
            return new ChargePointRegistration(
                PlanIds.ConnectorKey(cp.ChargePointId, c.ConnectorId),
                c.EvseId,
                (int)c.RatedPowerW,
                state.EnergyRegisterWh is { } wh && wh > 0 ? (long)Math.Floor(wh) : 0,
                $"{c.Phases}-phase {c.MinCurrentA:0}-{c.MaxCurrentA:0} A",
                c.ConnectionType.ToString(),
                AssetStatusCodes.FromOcpp(state.Status),
                g.Id);
        }))).ToList();
        var pv = topology.Groups.SelectMany(g => g.PvInverters.Select(p => new PvInverterRegistration(p.Id, (int)p.RatedPowerW, g.Id))).ToList();
        var batteries = topology.Groups.SelectMany(g => g.Batteries.Select(b => new BatteryRegistration(b.Id, (long)b.CapacityWh, (long)b.UsableEnergyWh, (int)Math.Clamp(Math.Max(b.MaxChargeW ?? 0, b.MaxDischargeW ?? 0), 0, int.MaxValue), g.Id))).ToList();
        return new SiteAssets(chargePoints, pv, batteries) { Meters = [.. topology.Map.Meters.OrderBy(m => m.Id, StringComparer.Ordinal).Select(m => Meter(topology, m))] };
    }

    /// <summary>
    /// A meter for SC1 (decision 0346): what it measures, its lines (a circuit and the grid connection are three-phase,
    /// a load has its own) and the limit of what it measures: the grid connection's or circuit's limit, a load's worst case.
    /// </summary>
    private static MeterRegistration Meter(SiteTopology topology, MeterDefinition meter)
    {
        const int allPhases = 0b111;
        var load = meter.Attachment == MeterAttachment.OtherLoad ? topology.Map.OtherLoads.First(l => l.Id == meter.TargetId) : null;
        var circuit = meter.Attachment == MeterAttachment.Circuit ? topology.FindCircuit(meter.TargetId!) : load is not null ? topology.FindCircuit(load.CircuitId) : null;
        var (scope, limitW, phases) = meter.Attachment switch
        {
            MeterAttachment.GridConnection => (MeterScope.GridConnection, topology.GridLimitW, allPhases),
            MeterAttachment.Circuit => (MeterScope.Circuit, circuit!.LimitW, allPhases),
            _ => (MeterScope.OtherLoad, (double)load!.PowerW, load.Phases.Aggregate(0, (mask, p) => mask | (1 << (int)p))),
        };
        return new MeterRegistration(meter.Id, scope, meter.TargetId ?? "", phases, (long)Math.Clamp(Math.Floor(limitW), 0, uint.MaxValue), circuit?.GroupId ?? "");
    }
}
