namespace OliMove.Scheduling;

/// <summary>
/// Energy of a set of sessions spread over slots by a max-flow, which is exact for a tree of limits:
/// source → session (its need) → (leaf circuit, slot) (its max power) → (parent, slot) ... → (root, slot) → sink
/// (each arc a circuit's free capacity at that slot). A session on a circuit whose phases are modelled passes
/// through that circuit's lane first: its phase for a 1-phase session, a 3-phase lane (3 × the least free phase)
/// for a 3-phase one. Units are watt-slots, so the flow is integral and the power of
/// a session in a slot is exactly its flow. The network counts in power steps (1 Wh per slot; see GroupModel), so
/// each flow times the step is a planned power. After the flow, <see cref="Settle"/> enforces what a flow cannot
/// express: the minimum power (0 or at least min) and phase limits above the leaf.
/// </summary>
internal static class FlowSchedule
{
    private const int Source = 0;
    private const int Sink = 1;

    /// <summary>Slots opened per augmentation round when late slots go first (8 slots = 2 h at 15 minutes).</summary>
    public const int LateBlock = 8;

    /// <summary>
    /// Spreads need[i] of sessions[i] over free capacity in <paramref name="ledger"/>. When <paramref name="lastSession"/>
    /// is an index into <paramref name="sessions"/>, that session is served only after all others got their maximum
    /// (admission's counter-offer). Returns the allocation per session per slot (watts); the ledger is not changed.
    /// </summary>
    /// <remarks><paramref name="baseline"/>, when given, is power each session already has per slot (booked in the
    /// ledger); the flow only adds on top, up to the session's max.</remarks>
    public static long[][] Solve(GroupModel model, CapacityLedger ledger, int[] sessions, long[] need, SlotPriority priority, int lastSession = -1, long[][]? baseline = null)
    {
        int h = model.Horizon;
        int circuits = model.Circuits.Length;
        int m = sessions.Length;
        long step = model.PowerStepW;
        var phaseIndex = new int[circuits];
        int phased = 0;
        for (int c = 0; c < circuits; c++)
            phaseIndex[c] = ledger.HasPhases(c) ? phased++ : -1;
        int circuitBase = 2 + m;
        int phaseBase = circuitBase + circuits * h;
        long windows = 0;
        for (int i = 0; i < m; i++)
            windows += Math.Max(0, model.WindowEnd[sessions[i]] - model.WindowStart[sessions[i]]);
        var net = new FlowNetwork(phaseBase + phased * 4 * h, (int)Math.Min(int.MaxValue / 4, (circuits + 4L * phased) * h + m + windows));

        // Circuit arcs exist up front; they carry nothing until a session arc opens a path.
        var usedSlot = new bool[h];
        for (int i = 0; i < m; i++)
        {
            int s = sessions[i];
            for (int t = model.WindowStart[s]; t < model.WindowEnd[s]; t++)
                usedSlot[t] = true;
        }
        for (int t = 0; t < h; t++)
        {
            if (!usedSlot[t])
                continue;
            for (int c = 0; c < circuits; c++)
            {
                int p = model.Parent[c];
                net.AddArc(circuitBase + c * h + t, p < 0 ? Sink : circuitBase + p * h + t, Math.Max(0, ledger.TotalRoom(c, t)) / step);
                if (phaseIndex[c] >= 0)
                {
                    for (int k = 1; k <= 3; k++)
                        net.AddArc(PhaseNode(phaseBase, phaseIndex[c], k, t, h), circuitBase + c * h + t, Math.Max(0, ledger.PhaseRoom(c, k, t)) / step);
                    // Lane 4: 3-phase sessions, which load each phase by a third.
                    net.AddArc(PhaseNode(phaseBase, phaseIndex[c], 4, t, h), circuitBase + c * h + t, Math.Max(0, ledger.ThreePhaseRoom(c, t)) / step);
                }
            }
        }

        // Dinic explores a node's arcs newest first, so adding source arcs in reverse makes the search try the
        // sessions in the caller's order (most urgent first) when the capacity cannot serve them all.
        var sourceArc = new int[m];
        for (int i = m - 1; i >= 0; i--)
        {
            int s = sessions[i];
            long cap = Math.Min(need[i], model.MaxW[s] * (long)Math.Max(0, model.WindowEnd[s] - model.WindowStart[s]));
            sourceArc[i] = i == lastSession ? -1 : net.AddArc(Source, 2 + i, Math.Max(0, cap) / step);
        }

        var slotArc = new int[m][];
        for (int i = 0; i < m; i++)
        {
            slotArc[i] = new int[h];
            Array.Fill(slotArc[i], -1);
        }

        void Open(int i, int t)
        {
            int s = sessions[i];
            if (slotArc[i][t] >= 0 || t < model.WindowStart[s] || t >= model.WindowEnd[s] || model.MaxW[s] <= 0)
                return;
            int leaf = model.SessionCircuit[s];
            var x = model.Sessions[s];
            int target = phaseIndex[leaf] < 0
                ? circuitBase + leaf * h + t
                : PhaseNode(phaseBase, phaseIndex[leaf], x.Phases == 1 ? x.Phase : 4, t, h);
            // Also at most what the session alone could add here: that bound carries the phase limits of every
            // circuit on its path (which the tree cannot), so the flow does not plan what settlement must cut.
            long cap = Math.Min(model.MaxW[s] - (baseline?[i][t] ?? 0), ledger.Room(s, t));
            if (cap > 0)
                slotArc[i][t] = net.AddArc(2 + i, target, cap / step);
        }

        switch (priority)
        {
            case SlotPriority.AllAtOnce:
                for (int i = 0; i < m; i++)
                {
                    for (int t = 0; t < h; t++)
                        Open(i, t);
                }
                net.Augment(Source, Sink);
                break;
            case SlotPriority.LatestFirst:
                // Slot 0 is opened alone and last, so the must-run power now is exactly minimal; the later slots
                // are opened in blocks from the end (late-first between blocks), which bounds the number of
                // augmentation rounds without changing what is feasible.
                for (int end = h; end > 1; end -= LateBlock)
                {
                    bool opened = false;
                    for (int t = end - 1; t >= Math.Max(1, end - LateBlock); t--)
                    {
                        if (!usedSlot[t])
                            continue;
                        opened = true;
                        for (int i = 0; i < m; i++)
                            Open(i, t);
                    }
                    if (opened)
                        net.Augment(Source, Sink);
                }
                if (usedSlot[0])
                {
                    for (int i = 0; i < m; i++)
                        Open(i, 0);
                    net.Augment(Source, Sink);
                }
                break;
            case SlotPriority.SurplusFirst:
                for (int i = 0; i < m; i++)
                {
                    for (int t = 0; t < h; t++)
                    {
                        if (HasSurplus(model, sessions[i], t))
                            Open(i, t);
                    }
                }
                net.Augment(Source, Sink);
                for (int i = 0; i < m; i++)
                {
                    for (int t = 0; t < h; t++)
                        Open(i, t);
                }
                net.Augment(Source, Sink);
                break;
        }

        if (lastSession >= 0)
        {
            int s = sessions[lastSession];
            long cap = Math.Min(need[lastSession], model.MaxW[s] * (long)Math.Max(0, model.WindowEnd[s] - model.WindowStart[s]));
            sourceArc[lastSession] = net.AddArc(Source, 2 + lastSession, Math.Max(0, cap) / step);
            net.Augment(Source, Sink);
        }

        var alloc = new long[m][];
        for (int i = 0; i < m; i++)
        {
            alloc[i] = new long[h];
            for (int t = 0; t < h; t++)
            {
                if (slotArc[i][t] >= 0)
                    alloc[i][t] = net.Flow(slotArc[i][t]) * step;
            }
        }
        return alloc;
    }

    /// <summary>
    /// Books an allocation into the ledger and makes it physical: phase limits above the leaf hold, and every
    /// power is 0 or at least the session's minimum. A sub-minimum amount is first moved to the session's other
    /// charging slots, else raised to the minimum (a little more energy), else moved to an empty slot at the
    /// minimum, else dropped. Returns each session's shortfall against need[i] (0 when met).
    /// </summary>
    public static long[] Settle(GroupModel model, CapacityLedger ledger, int[] sessions, long[] need, long[][] alloc, long[][]? baseline = null)
    {
        int h = model.Horizon;
        int m = sessions.Length;
        long Base(int i, int t) => baseline?[i][t] ?? 0;
        for (int i = 0; i < m; i++)
        {
            for (int t = 0; t < h; t++)
                ledger.Add(sessions[i], t, alloc[i][t]);
        }

        // Phase limits on circuits above the leaf (and 3-phase sessions on a phased leaf) are not in the flow.
        for (int t = 0; t < h; t++)
        {
            for (int i = m - 1; i >= 0 && !ledger.FitsAt(t); i--)
            {
                long a = alloc[i][t];
                if (a == 0)
                    continue;
                int s = sessions[i];
                ledger.Add(s, t, -a);
                long keep = Math.Min(a, ledger.Room(s, t));
                if (keep + Base(i, t) < model.MinW[s])
                    keep = 0;
                ledger.Add(s, t, keep);
                alloc[i][t] = keep;
            }
        }

        for (int i = 0; i < m; i++)
        {
            int s = sessions[i];
            long min = model.MinW[s];
            if (min <= 0)
                continue;
            var a = alloc[i];
            for (int t = h - 1; t >= 0; t--)
            {
                if (a[t] == 0 || a[t] + Base(i, t) >= min)
                    continue;
                long rem = a[t];
                ledger.Add(s, t, -rem);
                a[t] = 0;
                for (int u = h - 1; u >= 0 && rem > 0; u--)
                {
                    if (u == t || a[u] + Base(i, u) < min)
                        continue;
                    long add = Math.Min(rem, Math.Min(model.MaxW[s] - a[u] - Base(i, u), ledger.Room(s, u)));
                    if (add <= 0)
                        continue;
                    a[u] += add;
                    ledger.Add(s, u, add);
                    rem -= add;
                }
                if (rem == 0)
                    continue;
                long put = Math.Max(rem, min - Base(i, t));
                if (ledger.Room(s, t) >= put)
                {
                    a[t] = put;
                    ledger.Add(s, t, put);
                    continue;
                }
                for (int u = h - 1; u >= 0; u--)
                {
                    long there = Math.Max(rem, min - Base(i, u));
                    if (a[u] != 0 || u < model.WindowStart[s] || u >= model.WindowEnd[s] || Base(i, u) + there > model.MaxW[s] || ledger.Room(s, u) < there)
                        continue;
                    a[u] = there;
                    ledger.Add(s, u, there);
                    rem = 0;
                    break;
                }
            }
        }

        var shortfall = new long[m];
        for (int i = 0; i < m; i++)
        {
            long sum = 0;
            foreach (long w in alloc[i])
                sum += w;
            shortfall[i] = need[i] >= GroupModel.Unlimited ? 0 : Math.Max(0, need[i] - sum);
        }
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
        var alloc = Solve(model, ledger, sessions, need, priority, baseline: baseline);
        long flowed = Total(alloc);
        var shortfall = Settle(model, ledger, sessions, need, alloc, baseline);
        // Another round only helps when settlement cut energy the flow had placed.
        bool cut = Total(alloc) < flowed;
        for (int round = 1; round < Rounds && cut && shortfall.Any(x => x > 0); round++)
        {
            var short_ = Enumerable.Range(0, sessions.Length).Where(i => shortfall[i] > 0).ToArray();
            var ids = short_.Select(i => sessions[i]).ToArray();
            var more = short_.Select(i => shortfall[i]).ToArray();
            var now = short_.Select(i =>
            {
                var b = new long[h];
                for (int t = 0; t < h; t++)
                    b[t] = alloc[i][t] + (baseline?[i][t] ?? 0);
                return b;
            }).ToArray();
            var extra = Solve(model, ledger, ids, more, priority, baseline: now);
            long extraFlowed = Total(extra);
            var left = Settle(model, ledger, ids, more, extra, now);
            cut = Total(extra) < extraFlowed;
            long gained = 0;
            for (int j = 0; j < short_.Length; j++)
            {
                for (int t = 0; t < h; t++)
                {
                    alloc[short_[j]][t] += extra[j][t];
                    gained += extra[j][t];
                }
                shortfall[short_[j]] = left[j];
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

    public static bool HasSurplus(GroupModel model, int s, int t) => model.HasSurplus(s, t);

    private static int PhaseNode(int phaseBase, int phasedCircuit, int phase, int t, int h) =>
        phaseBase + (phasedCircuit * 4 + phase - 1) * h + t;
}
