namespace OliMove.Scheduling;

/// <summary>
/// The smart charging allocator: greedy earliest-deadline-first, made safe. Pure and deterministic.
/// <para>
/// Plain EDF misses deadlines once EVs have their own rate limits (capacity 2; A needs 2 in 2 slots at most 2;
/// B needs 3 in 3 slots at most 1: EDF gives A 2 at once and B ends 1 short). So the plan is built in
/// <see cref="Layers"/>, each on the capacity the layers before it left (<see cref="AllocationLayers"/>):
/// </para>
/// <list type="number">
/// <item>Guarantee witness: accepted requests on guaranteed capacity only (no PV), by a max-flow that opens the
/// latest slots first. Its slot-0 part is the must-run power: the least that must flow now so the rest still fits.
/// Whatever more an accepted EV gets now only lowers what it needs later, so the guarantee survives re-planning.</item>
/// <item>Non-participants (not opted in, or past their declared departure) as soon as possible, in arrival order.</item>
/// <item>Opted-in requests not (fully) guaranteed: a max-flow over the rest (guaranteed + PV surplus), slots with
/// PV surplus first, so the most energy is planned and PV surplus is used before grid capacity.</item>
/// <item>Pull-forward by least laxity: slot by slot, opted-in sessions in least-laxity order (ties: earliest
/// deadline) move their own later energy into free capacity now, which leaves later capacity to EVs not yet
/// here. Energy planned in a PV-surplus slot is not pulled onto a slot without surplus.</item>
/// </list>
/// Every value is 0 or within the session's [min, max] (the 6 A minimum of IEC 61851), and no circuit total or phase
/// is planned above its limit. A charger that switches between 3 phases and 1 may have its session planned at one
/// phase when three would pause it (<see cref="PhaseSwitching"/>, decision 0324).
/// </summary>
public static class SlotAllocator
{
    /// <summary>The order in which the product runs the layers (docs/decisions/0031).</summary>
    public static IReadOnlyList<AllocationLayer> Layers { get; } =
    [
        AllocationLayer.GuaranteeWitness,
        AllocationLayer.ServeNonParticipants,
        AllocationLayer.FillBestEffort,
        AllocationLayer.PullForwardByLaxity,
    ];

    public static GroupPlan Plan(GroupSnapshot snapshot) => Plan(snapshot, Layers);

    /// <summary>
    /// Plans with the given layers in the given order: to measure what a layer contributes (drop it) or what
    /// its place is worth (move it). Only <see cref="Layers"/> carries the allocator's guarantees.
    /// </summary>
    public static GroupPlan Plan(GroupSnapshot snapshot, IReadOnlyList<AllocationLayer> layers)
    {
        ArgumentNullException.ThrowIfNull(layers);
        ArgumentNullException.ThrowIfNull(snapshot);
        // Chargers that switch between 3 phases and 1 are decided around the layers (decision 0324).
        return PhaseSwitching.Applies(snapshot)
            ? PhaseSwitching.Plan(snapshot, s => PlanAtFixedPhases(s, layers))
            : PlanAtFixedPhases(snapshot, layers);
    }

    private static GroupPlan PlanAtFixedPhases(GroupSnapshot snapshot, IReadOnlyList<AllocationLayer> layers)
    {
        var draft = new PlanDraft(GroupModel.From(snapshot));
        foreach (var layer in layers)
            AllocationLayers.Apply(layer, draft);
        return draft.ToGroupPlan();
    }
}
