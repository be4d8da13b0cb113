using OliMove.Edge.Hosting;
using OliMove.Edge.Live;
using OliMove.Scheduling;
using OliMove.Storage;

namespace OliMove.Edge.Planning;

/// <summary>
/// The site loop, read top to bottom: at every quarter hour learn from the last slot (rampdown), plan every group,
/// and commit every slot that ended since the last commit; between slots, re-plan the groups that events touched.
/// </summary>
public sealed class SlotLoop(
    SiteState site,
    LiveSiteState live,
    GroupPlanner planner,
    SlotCommitter committer,
    ReplanSignal replans,
    TransactionRepository transactions,
    TimeProvider time,
    ILogger<SlotLoop> logger) : BackgroundService
{
    private static readonly RampdownParameters Rampdown = new();

    /// <summary>
    /// How long after the charger accepts a setpoint a reading counts as the car's answer to it: an EV follows a
    /// changed pilot signal within 5 s (IEC 61851-1), and the charger takes a moment to apply the profile.
    /// </summary>
    private static readonly TimeSpan SetpointSettling = TimeSpan.FromSeconds(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await PlanAllAsync("start", slotStart: null, stoppingToken);
        // The boundary the loop waits for is its own state, never derived again from the clock after some work:
        // a boundary that passes while events are being planned, or a timer that fires a moment before it (a
        // timer and the wall clock drift apart; on an accelerated clock a millisecond is seconds), would
        // otherwise be skipped, or the slot before it planned twice (found by tools/soak).
        var slot = SlotClock.SlotLength;
        var nextSlot = SlotClock.StartOf(time.GetUtcNow()) + slot;
        // The oldest slot not yet committed, also the loop's own state: a loop that wakes more than a slot late (a
        // suspended VM, a GC pause, an NTP step, a starved box) has passed boundaries whose slots hold plans, the
        // one before them and any an event re-plan made while the clock ran past, and each must still be
        // committed, not only the slot before the boundary it wakes at (decision 0343). The start plan lands here.
        var uncommitted = nextSlot - slot;
        while (!stoppingToken.IsCancellationRequested)
        {
            var now = time.GetUtcNow();
            if (now < nextSlot)
            {
                using var untilSlot = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                var boundary = Task.Delay(nextSlot - now, time, untilSlot.Token);
                var signal = replans.WaitAsync(untilSlot.Token).AsTask();
                var first = await Task.WhenAny(boundary, signal);
                await untilSlot.CancelAsync();
                await Task.WhenAll(IgnoreCancellation(boundary), IgnoreCancellation(signal));
                stoppingToken.ThrowIfCancellationRequested();
                if (first != boundary)
                {
                    await ReplanTouchedGroupsAsync(stoppingToken);
                }

                continue; // the boundary is due once the clock has reached it, not when a timer says so
            }

            var slotStart = nextSlot;
            if (now - nextSlot >= slot)
            {
                // More than a slot late (the process was suspended or starved): the boundaries in between can no
                // longer be planned ahead of time, and a plan made now for a slot already over would archive and
                // commit a decision nobody made; plan the slot the clock is in (decision 0343).
                slotStart = SlotClock.StartOf(now);
                logger.LogWarning("The slot loop is {Behind} behind the clock: slots {From:HH:mm} to {To:HH:mm} were not planned at their boundary; the chargers kept the profiles of the plan before", now - nextSlot, nextSlot, slotStart - slot);
            }

            nextSlot = slotStart + slot;
            try
            {
                await LearnFromLastSlotAsync(stoppingToken);
                replans.Drain();
                await PlanAllAsync("slot", slotStart, stoppingToken);
                // In slot order; a slot without plans queues nothing. A commit that fails (a full disk) is tried
                // again at the next boundary, since the cursor only moves past a slot once it is committed.
                for (; uncommitted < slotStart; uncommitted += slot)
                {
                    await committer.CommitAsync(uncommitted, stoppingToken);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException && StorageFault.Of(e) is { } fault)
            {
                // A plan that cannot be archived is not sent. The storage fault itself is logged once as an Error
                // by StorageMonitor; one stack trace per re-plan would only flood the log of a full disk.
                logger.LogWarning("Planning not archived, so not sent ({Fault}); the chargers keep their installed profiles", fault.Message);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A failed run must not stop the loop: the chargers keep their last plan and the fail-safe below it.
                logger.LogError(e, "Planning failed; the chargers keep their installed profiles");
            }
        }
    }

    private async Task ReplanTouchedGroupsAsync(CancellationToken ct)
    {
        try
        {
            foreach (var groupId in replans.Drain())
            {
                var group = site.Topology.Groups.FirstOrDefault(g => g.Id == groupId);
                if (group is not null)
                {
                    await planner.PlanAsync(group, "event", atSlotBoundary: false, ct);
                }
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Planning failed; the chargers keep their installed profiles");
        }
    }

    /// <summary>Plans every group for the slot starting at <paramref name="slotStart"/>, or from now when null.</summary>
    private async Task PlanAllAsync(string reason, DateTimeOffset? slotStart, CancellationToken ct)
    {
        foreach (var group in site.Topology.Groups)
        {
            try
            {
                await (slotStart is { } start
                    ? planner.PlanSlotAsync(group, start, ct)
                    : planner.PlanAsync(group, reason, atSlotBoundary: false, ct));
            }
            catch (Exception e) when (e is not OperationCanceledException && StorageFault.Of(e) is { } fault)
            {
                logger.LogWarning("Planning group {Group} not archived, so not sent ({Fault})", group.Id, fault.Message);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Planning group {Group} failed", group.Id);
            }
        }
    }

    /// <summary>Lower (or raise back) each EV's max as seen from what it drew against what it was offered (acnportal rampdown).</summary>
    private async Task LearnFromLastSlotAsync(CancellationToken ct)
    {
        foreach (var tx in await transactions.ListActiveAsync(ct))
        {
            var connector = site.Topology.FindConnector(tx.ChargePointId, tx.ConnectorId);
            var state = live.Connector(tx.ChargePointId, tx.ConnectorId);
            // Only a reading of this transaction, taken within the last slot, says what the car draws now: a stale
            // one (a previous car's, or one from before a gap in meter values) would teach the next car its limit.
            // And only one taken once the charger had accepted the setpoint and the car had time to follow it: a car
            // held at the charger's fail-safe default while its profile was refused, late or in flight draws less
            // than the setpoint because of the charger, not because it is full.
            if (connector is null || state.SetpointW is not { } offered || state.MeasuredW is not { } drawn
                || state.TransactionId != tx.Id || state.MeasuredAt is not { } measuredAt
                || measuredAt < time.GetUtcNow() - SlotClock.SlotLength
                || state.SetpointInForceAt is not { } inForce || measuredAt < inForce + SetpointSettling)
            {
                continue;
            }

            var connectorMaxW = SnapshotBuilder.ConnectorPower(connector, site.Topology.NominalVoltageV).MaxW;
            var current = live.VehicleMaxW(tx.ChargePointId, tx.ConnectorId) ?? connectorMaxW;
            live.SetVehicleMaxW(tx.ChargePointId, tx.ConnectorId, VehicleRampdown.NextVehicleMaxW(current, connectorMaxW, offered, drawn, Rampdown));
        }
    }

    private static async Task IgnoreCancellation(Task task)
    {
        try
        {
            await task;
        }
        catch (OperationCanceledException)
        {
        }
    }
}
