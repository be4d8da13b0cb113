using System.Text;
using OliMove.Edge.Configuration;
using OliMove.Edge.Dispatch;
using OliMove.Edge.Live;
using OliMove.Scheduling;
using OliMove.SiteMap.Topology;
using OliMove.Storage;

namespace OliMove.Edge.Planning;

/// <summary>
/// One planning run for one group: snapshot → allocator → archive (canonical input, plan and their hashes in
/// SQLite, so anyone can replay it) → dispatch. The archive is written before anything is sent.
/// </summary>
public sealed class GroupPlanner(
    SnapshotBuilder snapshots,
    Prices.SnapshotSignals signals,
    SlotPlanRepository slotPlans,
    PlanDispatcher dispatcher,
    PlanBoard board,
    Batteries.BatteryDispatch batteries,
    Phases.ConnectorPhases phases,
    EdgeOptions options,
    TimeProvider time,
    ILogger<GroupPlanner> logger)
{
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);

    /// <summary>
    /// Plans <paramref name="group"/>. At a slot boundary the plan starts at the boundary; an event re-plan
    /// starts at the event's second, so a car that arrived mid-slot counts in the current period (the allocator
    /// never plans a car for a slot it was not there from the start of).
    /// </summary>
    public Task<GroupPlan> PlanAsync(ChargingGroup group, string reason, bool atSlotBoundary, CancellationToken ct) =>
        PlanAsync(group, reason, atSlotBoundary ? SlotClock.StartOf : SlotClock.EventPlanStart, ct);

    /// <summary>
    /// Plans <paramref name="group"/> for the slot that starts at <paramref name="slotStart"/>: the slot loop's
    /// boundary, named by the loop, so that a clock a moment before or after it still plans that slot.
    /// </summary>
    public Task<GroupPlan> PlanSlotAsync(ChargingGroup group, DateTimeOffset slotStart, CancellationToken ct) =>
        PlanAsync(group, "slot", _ => slotStart, ct);

    private async Task<GroupPlan> PlanAsync(ChargingGroup group, string reason, Func<DateTimeOffset, DateTimeOffset> planStart, CancellationToken ct)
    {
        // Plans of one site are made one at a time, so two events cannot interleave their dispatches.
        await _oneAtATime.WaitAsync(ct);
        try
        {
            var slotStart = planStart(time.GetUtcNow());
            var snapshot = await signals.AddToAsync(await snapshots.BuildAsync(group, slotStart, options.Slots.HorizonSlots, ct), group, ct);
            // With batteries in the snapshot the battery allocator plans around the allocator; without, it is the allocator's plan.
            var plan = OliMove.Scheduling.Batteries.BatteryAllocator.Plan(snapshot);
            var input = CanonicalJson.SnapshotBytes(snapshot);
            var output = CanonicalJson.PlanBytes(plan);
            var record = await slotPlans.AppendAsync(
                new NewSlotPlan(group.Id, slotStart, AlgorithmVersion.Id, Encoding.UTF8.GetString(input), Encoding.UTF8.GetString(output), CanonicalJson.Sha256Hex(input), CanonicalJson.Sha256Hex(output)),
                time.GetUtcNow(),
                ct);
            logger.LogInformation("Planned group {Group} for slot {Slot:HH:mm} ({Reason}): {Sessions} sessions, input {InputHash}", group.Id, slotStart, reason, plan.Sessions.Count, record.InputSha256[..12]);
            board.Put(snapshot, plan, record);
            phases.RecordPlan(plan);
            // A larger battery discharge before the cars are raised on it; a smaller one after they were lowered.
            await batteries.BeforeChargersAsync(group, plan, ct);
            await dispatcher.DispatchAsync(plan, ct);
            batteries.AfterChargers(group, plan);
            return plan;
        }
        finally
        {
            _oneAtATime.Release();
        }
    }
}
