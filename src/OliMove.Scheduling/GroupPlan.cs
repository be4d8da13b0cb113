namespace OliMove.Scheduling;

/// <summary>The allocator's answer for one group and one slot: a plan over the whole horizon.</summary>
/// <param name="GroupId">From the snapshot.</param>
/// <param name="SlotStart">From the snapshot.</param>
/// <param name="SlotSeconds">From the snapshot.</param>
/// <param name="HorizonSlots">From the snapshot.</param>
/// <param name="Sessions">One entry per session, ordered by session id (ordinal).</param>
/// <param name="Circuits">Planned load per circuit per slot, ordered by circuit id (ordinal).</param>
public sealed record GroupPlan(
    string GroupId,
    DateTimeOffset SlotStart,
    int SlotSeconds,
    int HorizonSlots,
    IReadOnlyList<SessionPlan> Sessions,
    IReadOnlyList<CircuitPlan> Circuits)
{
    /// <summary>Each battery's power, ordered by id, when the snapshot had batteries (<see cref="Batteries.BatteryAllocator.Plan(GroupSnapshot)"/>); else null.</summary>
    public IReadOnlyList<Batteries.BatteryPlan>? Batteries { get; init; }
}
