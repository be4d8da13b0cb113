using OliMove.Chain;
using OliMove.Edge.ChainLink;
using OliMove.Edge.Hosting;
using OliMove.Edge.Live;
using OliMove.Storage;

namespace OliMove.Edge.Planning;

/// <summary>
/// When a slot ends, queues its chain record in the durable outbox: one status row per connector (status,
/// setpoint, measured power, the user's energy and time left) and the slot's commitment, naming the algorithm
/// version of the running build. The outbox key is the
/// slot id, so a restart that commits the same slot again queues nothing twice.
/// </summary>
public sealed class SlotCommitter(
    SiteState site,
    LiveSiteState live,
    PlanBoard board,
    SlotPlanRepository slotPlans,
    ChainOutboxRepository outbox,
    RunningAlgorithm algorithm,
    OutboxSignal outboxSignal,
    TimeProvider time,
    ILogger<SlotCommitter> logger)
{
    public async Task CommitAsync(DateTimeOffset slotStart, CancellationToken ct)
    {
        var plans = await slotPlans.ListRangeAsync(null, slotStart, slotStart + SlotClock.SlotLength, latestRevisionOnly: false, ct);
        if (plans.Count == 0)
        {
            return;
        }

        var (inputHash, outputHash) = SlotCommitment.Combine(plans);
        var slotEnd = slotStart + SlotClock.SlotLength;
        var rows = new List<AssetStatusRow>();
        foreach (var cp in site.Topology.ChargePoints.OrderBy(c => c.ChargePointId, StringComparer.Ordinal))
        {
            foreach (var connector in cp.Connectors)
            {
                var key = PlanIds.ConnectorKey(cp.ChargePointId, connector.ConnectorId);
                var state = live.Connector(cp.ChargePointId, connector.ConnectorId);
                var session = board.Session(key);
                var energyLeft = session?.Plan.NeedWh is { } need ? Math.Max(0, need) : 0;
                var timeLeft = session?.Snapshot.DeclaredDeparture is { } departure ? Math.Max(0, (long)(departure - slotEnd).TotalSeconds) : 0;
                rows.Add(new AssetStatusRow(
                    key,
                    AssetStatusCodes.FromOcpp(state.Status),
                    (int)Math.Min(int.MaxValue, state.SetpointW ?? 0),
                    (int)Math.Clamp(state.MeasuredW ?? 0, int.MinValue, int.MaxValue),
                    energyLeft,
                    timeLeft));
            }
        }

        // The registry number of the build that planned this slot (resolved at start, decision 0264).
        var version = await algorithm.VersionAsync(ct);
        var payload = new SlotStatusPayload(ChainIds.SlotId(slotStart), version, inputHash, outputHash, rows);
        var entry = ChainOutboxEntry.ForSlot(payload);
        var queued = await outbox.EnqueueAsync(entry.Kind, entry.Key, entry.PayloadJson, time.GetUtcNow(), ct);
        if (queued)
        {
            logger.LogInformation("Slot {Slot:HH:mm} committed to the chain outbox: {Plans} plans, {Rows} rows", slotStart, plans.Count, rows.Count);
            outboxSignal.Wake();
        }

    }
}
