namespace OliMove.Scheduling.Baselines;

/// <summary>
/// Plain least-laxity-first: each slot, sessions are served at full rate in order of laxity, the slack they have
/// left (slots to their deadline − slots of work left at full power), least first; ties by deadline, then id.
/// Unlike the allocator's pull-forward it does not put sessions that can no longer be met last, and knows
/// nothing of guarantees or PV. A session that declared no energy has no laxity to speak of and goes last.
/// </summary>
public sealed class LeastLaxityFirst : IChargingAlgorithm
{
    public string Name => "plain LLF";

    public GroupPlan Plan(GroupSnapshot snapshot) => SlotBySlotGreedy.Plan(snapshot, (model, t, left) => (a, b) =>
    {
        bool aOpenEnded = left[a] >= GroupModel.Unlimited / 2;
        bool bOpenEnded = left[b] >= GroupModel.Unlimited / 2;
        if (aOpenEnded != bOpenEnded)
            return aOpenEnded ? 1 : -1;
        // Laxity in slots is the fraction ((deadline − t) × max − left) / max; compared exactly by cross products.
        long maxA = Math.Max(model.PowerStepW, model.MaxW[a]);
        long maxB = Math.Max(model.PowerStepW, model.MaxW[b]);
        Int128 laxityA = (Int128)((long)(model.WindowEnd[a] - t) * maxA - left[a]) * maxB;
        Int128 laxityB = (Int128)((long)(model.WindowEnd[b] - t) * maxB - left[b]) * maxA;
        int byLaxity = laxityA.CompareTo(laxityB);
        if (byLaxity != 0)
            return byLaxity;
        int byDeadline = model.WindowEnd[a].CompareTo(model.WindowEnd[b]);
        return byDeadline != 0 ? byDeadline : a.CompareTo(b);
    });
}
