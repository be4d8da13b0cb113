namespace OliMove.Scheduling;

/// <summary>
/// Energy of a set of sessions spread over slots by a max-flow on a <see cref="FlowScheduleNetwork"/> (source →
/// session → its leaf circuit at each slot → … → root → sink), which is exact for a tree of limits. Units are power
/// steps (1 Wh per slot; see GroupModel), so the flow is integral and each flow times the step is a planned power.
/// The order in which slots are opened to the flow (<see cref="SlotPriority"/>) decides where the energy goes
/// when there is a choice. After the flow, <see cref="Settle"/> enforces what a flow cannot express: the minimum
/// power (0 or at least min) and phase limits above the leaf.
/// </summary>
internal static class FlowSchedule
{
    /// <summary>Slots opened per augmentation round when late slots go first (8 slots = 2 h at 15 minutes).</summary>
    public const int LateBlock = 8;

    /// <summary>
    /// Spreads need[i] of sessions[i] over free capacity in <paramref name="ledger"/>. Returns the allocation per
    /// session per slot (watts); the ledger is not changed.
    /// </summary>
    /// <remarks><paramref name="baseline"/>, when given, is power each session already has per slot (booked in the
    /// ledger); the flow only adds on top, up to the session's max.</remarks>
    public static long[][] Solve(GroupModel model, CapacityLedger ledger, int[] sessions, long[] need, SlotPriority priority, long[][]? baseline = null)
    {
        using var network = new FlowScheduleNetwork(model, ledger, sessions, baseline);
        // Dinic explores a node's arcs newest first, so adding source arcs in reverse makes the search try the
        // sessions in the caller's order (most urgent first) when the capacity cannot serve them all.
        for (int i = sessions.Length - 1; i >= 0; i--)
            network.AddNeedArc(i, need[i]);
        switch (priority)
        {
            case SlotPriority.LatestFirst:
                OpenLatestFirst(network, sessions.Length, model.Horizon);
                break;
            case SlotPriority.SurplusFirst:
                OpenSurplusFirst(network, model, sessions);
                break;
            case SlotPriority.CheapestFirst:
                CostAwarePlacement.OpenCheapestFirst(network, model, sessions);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(priority), priority, "unknown slot priority");
        }
        return network.Allocation();
    }

    /// <summary>
    /// Slot 0 is opened alone and last, so the power now is exactly the least that must flow now; the later slots
    /// are opened in blocks from the end (late first between blocks), which bounds the number of augmentation rounds
    /// without changing what is feasible.
    /// </summary>
    private static void OpenLatestFirst(FlowScheduleNetwork network, int sessions, int horizon)
    {
        for (int blockEnd = horizon; blockEnd > 1; blockEnd -= LateBlock)
        {
            bool opened = false;
            for (int t = blockEnd - 1; t >= Math.Max(1, blockEnd - LateBlock); t--)
            {
                if (!network.SlotInUse[t])
                    continue;
                opened = true;
                for (int i = 0; i < sessions; i++)
                    network.OpenSlot(i, t);
            }
            if (opened)
                network.Augment();
        }
        if (network.SlotInUse[0])
        {
            for (int i = 0; i < sessions; i++)
                network.OpenSlot(i, 0);
            network.Augment();
        }
    }

    /// <summary>Each session's slots with PV surplus on its path first, then all its slots: PV before grid.</summary>
    private static void OpenSurplusFirst(FlowScheduleNetwork network, GroupModel model, int[] sessions)
    {
        for (int i = 0; i < sessions.Length; i++)
        {
            for (int t = 0; t < model.Horizon; t++)
            {
                if (model.HasSurplus(sessions[i], t))
                    network.OpenSlot(i, t);
            }
        }
        network.Augment();
        for (int i = 0; i < sessions.Length; i++)
        {
            for (int t = 0; t < model.Horizon; t++)
                network.OpenSlot(i, t);
        }
        network.Augment();
    }

    /// <summary>
    /// Books an allocation into the ledger and makes it physical: phase limits above the leaf hold, and every
    /// power is 0 or at least the session's minimum. A sub-minimum amount is first moved to the session's other
    /// charging slots, else raised to the minimum (a little more energy), else moved to an empty slot at the
    /// minimum, else dropped. Returns each session's shortfall against need[i] (0 when met).
    /// </summary>
    public static long[] Settle(GroupModel model, CapacityLedger ledger, int[] sessions, long[] need, long[][] alloc, long[][]? baseline = null)
    {
        var settlement = new Settlement(model, ledger, sessions, alloc, baseline);
        for (int i = 0; i < sessions.Length; i++)
        {
            for (int t = 0; t < model.Horizon; t++)
                ledger.Add(sessions[i], t, alloc[i][t]);
        }
        settlement.CutToLimitsAboveTheLeaf();
        settlement.RaiseToMinimumPower();

        var shortfall = new long[sessions.Length];
        for (int i = 0; i < sessions.Length; i++)
            shortfall[i] = need[i] >= GroupModel.Unlimited ? 0 : Math.Max(0, need[i] - alloc[i].Sum());
        return shortfall;
    }

    /// <summary>
    /// <see cref="Solve"/> then <see cref="Settle"/>, and again for what settlement had to cut (a phase above the
    /// leaf, a 1-/3-phase mix, the minimum power), on what is left, for a few rounds: the cut energy usually fits in
    /// another slot. Returns the allocation (booked in the ledger) and each session's remaining shortfall.
    /// </summary>
    public static (long[][] Alloc, long[] Shortfall) Plan(GroupModel model, CapacityLedger ledger, int[] sessions, long[] need, SlotPriority priority, long[][]? baseline = null)
    {
        const int Rounds = 3;
        int h = model.Horizon;
        var alloc = Solve(model, ledger, sessions, need, priority, baseline);
        long flowed = Total(alloc);
        var shortfall = Settle(model, ledger, sessions, need, alloc, baseline);
        // Another round only helps when settlement cut energy the flow had placed.
        bool cut = Total(alloc) < flowed;
        for (int round = 1; round < Rounds && cut && shortfall.Any(x => x > 0); round++)
        {
            var stillShort = Enumerable.Range(0, sessions.Length).Where(i => shortfall[i] > 0).ToArray();
            var ids = stillShort.Select(i => sessions[i]).ToArray();
            var missing = stillShort.Select(i => shortfall[i]).ToArray();
            var plannedSoFar = stillShort.Select(i =>
            {
                var planned = new long[h];
                for (int t = 0; t < h; t++)
                    planned[t] = alloc[i][t] + (baseline?[i][t] ?? 0);
                return planned;
            }).ToArray();
            var extra = Solve(model, ledger, ids, missing, priority, plannedSoFar);
            long extraFlowed = Total(extra);
            var left = Settle(model, ledger, ids, missing, extra, plannedSoFar);
            cut = Total(extra) < extraFlowed;
            long gained = 0;
            for (int j = 0; j < stillShort.Length; j++)
            {
                for (int t = 0; t < h; t++)
                {
                    alloc[stillShort[j]][t] += extra[j][t];
                    gained += extra[j][t];
                }
                shortfall[stillShort[j]] = left[j];
            }
            if (gained == 0)
                break;
        }
        return (alloc, shortfall);
    }

    private static long Total(long[][] alloc)
    {
        long sum = 0;
        foreach (var row in alloc)
        {
            foreach (long w in row)
                sum += w;
        }
        return sum;
    }
}
