namespace OliMove.Scheduling.Baselines;

/// <summary>
/// Plain earliest-deadline-first: each slot, the session that must leave first is served first at full rate.
/// The baseline the allocator is guarded against (it misses deadlines once EVs have rate limits; see
/// <see cref="SlotAllocator"/>). A session without a declared departure has the horizon's end as its deadline.
/// </summary>
public sealed class EarliestDeadlineFirst : IChargingAlgorithm
{
    public string Name => "plain EDF";

    public GroupPlan Plan(GroupSnapshot snapshot) => SlotBySlotGreedy.Plan(snapshot, (model, _, _) => (a, b) =>
    {
        int byDeadline = model.WindowEnd[a].CompareTo(model.WindowEnd[b]);
        return byDeadline != 0 ? byDeadline : a.CompareTo(b);
    });
}
