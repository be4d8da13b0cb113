namespace OliMove.Scheduling;

/// <summary>
/// Energy of a set of sessions spread over slots by a max-flow, which is exact for a tree of limits:
/// source → session (its need) → (leaf circuit, slot) (its max power) → (parent, slot) ... → (root, slot) → sink
/// (each arc a circuit's free capacity at that slot). A 1-phase session on a circuit whose phases are modelled
/// passes through that circuit's phase node first. Units are watt-slots, so the flow is integral and the power of
/// a session in a slot is exactly its flow. The network counts in power steps (1 Wh per slot; see GroupModel), so
/// each flow times the step is a planned power. After the flow, <see cref="Settle"/> enforces what a flow cannot
/// express: the minimum power (0 or at least min) and phase limits above the leaf.
/// </summary>
internal static class FlowSchedule
{
    private const int Source = 0;
    private const int Sink = 1;

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
        var net = new FlowNetwork(phaseBase + phased * 3 * h);

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
            int target = phaseIndex[leaf] >= 0 && x.Phases == 1
                ? PhaseNode(phaseBase, phaseIndex[leaf], x.Phase, t, h)
                : circuitBase + leaf * h + t;
            long cap = model.MaxW[s] - (baseline?[i][t] ?? 0);
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
                for (int t = h - 1; t >= 0; t--)
                {
                    if (!usedSlot[t])
                        continue;
                    for (int i = 0; i < m; i++)
                        Open(i, t);
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
                    if (a[u] != 0 || u < model.WindowStart[s] || u >= model.WindowEnd[s] || ledger.Room(s, u) < there)
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

    public static bool HasSurplus(GroupModel model, int s, int t)
    {
        foreach (int c in model.PathToRoot[model.SessionCircuit[s]])
        {
            if (model.Circuits[c].SurplusW[t] > 0)
                return true;
        }
        return false;
    }

    private static int PhaseNode(int phaseBase, int phasedCircuit, int phase, int t, int h) =>
        phaseBase + (phasedCircuit * 3 + phase - 1) * h + t;
}
