using OliMove.Edge.Hosting;
using OliMove.Edge.Live;
using OliMove.Scheduling;
using OliMove.Storage;

namespace OliMove.Edge.Planning;

/// <summary>
/// The site loop, read top to bottom: at every quarter hour learn from the last slot (rampdown), commit the
/// finished slot, and plan every group; between slots, re-plan the groups that events touched.
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

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await PlanAllAsync("start", atSlotBoundary: false, stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            var now = time.GetUtcNow();
            var nextSlot = SnapshotBuilder.SlotStartOf(now).AddSeconds(SnapshotBuilder.SlotSeconds);
            using var untilSlot = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            var boundary = Task.Delay(nextSlot - now, time, untilSlot.Token);
            var signal = replans.WaitAsync(untilSlot.Token).AsTask();
            var first = await Task.WhenAny(boundary, signal);
            await untilSlot.CancelAsync();
            await Task.WhenAll(IgnoreCancellation(boundary), IgnoreCancellation(signal));
            stoppingToken.ThrowIfCancellationRequested();

            try
            {
                if (first == boundary)
                {
                    await LearnFromLastSlotAsync(stoppingToken);
                    replans.Drain();
                    await PlanAllAsync("slot", atSlotBoundary: true, stoppingToken);
                    await committer.CommitAsync(nextSlot.AddSeconds(-SnapshotBuilder.SlotSeconds), stoppingToken);
                }
                else
                {
                    foreach (var groupId in replans.Drain())
                    {
                        var group = site.Topology.Groups.FirstOrDefault(g => g.Id == groupId);
                        if (group is not null)
                        {
                            await planner.PlanAsync(group, "event", atSlotBoundary: false, stoppingToken);
                        }
                    }
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

    private async Task PlanAllAsync(string reason, bool atSlotBoundary, CancellationToken ct)
    {
        foreach (var group in site.Topology.Groups)
        {
            try
            {
                await planner.PlanAsync(group, reason, atSlotBoundary, ct);
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
            if (connector is null || state.SetpointW is not { } offered || state.MeasuredW is not { } drawn)
            {
                continue;
            }

            var connectorMaxW = SnapshotBuilder.ConnectorPower(connector, site.Topology.NominalVoltageV).MaxW;
            var current = live.VehicleMaxW(tx.ChargePointId, tx.ConnectorId) ?? connectorMaxW;
            live.SetVehicleMaxW(tx.ChargePointId, tx.ConnectorId, VehicleRampdown.NextVehicleMaxW(current, connectorMaxW, offered, (long)drawn, Rampdown));
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
