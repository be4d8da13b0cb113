namespace OliMove.Scheduling;

/// <summary>
/// The smart charging allocator: greedy earliest-deadline-first, made safe. Pure and deterministic.
/// <para>
/// Plain EDF misses deadlines once EVs have their own rate limits (capacity 2; A needs 2 in 2 slots at most 2;
/// B needs 3 in 3 slots at most 1: EDF gives A 2 at once and B ends 1 short). So the plan is built in layers,
/// each on the capacity the layers before it left:
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
/// is planned above its limit.
/// </summary>
public static class SlotAllocator
{
    public static GroupPlan Plan(GroupSnapshot snapshot)
    {
        var model = GroupModel.From(snapshot);
        var result = Compute(model);
        int n = model.SessionCount;
        int h = model.Horizon;
        var sessions = new SessionPlan[n];
        for (int s = 0; s < n; s++)
        {
            var x = model.Sessions[s];
            long planned = 0;
            for (int t = model.WindowStart[s]; t < Math.Min(h, model.Overdue[s] ? model.WindowStart[s] : model.WindowEnd[s]); t++)
                planned += result.Power[s][t];
            long? needWh = x.EnergyRequestedWh is { } req ? Math.Max(0, req - x.EnergyDeliveredWh) : null;
            sessions[s] = new SessionPlan(
                x.SessionId,
                x.ConnectorId,
                result.Power[s][0],
                result.Power[s],
                needWh,
                model.WhFromUnits(planned),
                StatusOf(model, s, planned));
        }
        var circuits = new CircuitPlan[model.Circuits.Length];
        for (int c = 0; c < circuits.Length; c++)
        {
            var load = new long[h];
            for (int t = 0; t < h; t++)
                load[t] = result.Full.Load(c, t);
            circuits[c] = new CircuitPlan(model.Circuits[c].CircuitId, load);
        }
        return new GroupPlan(snapshot.GroupId, snapshot.SlotStart.ToUniversalTime(), snapshot.SlotSeconds, h, sessions, circuits);
    }

    internal sealed record Computation(long[][] Power, CapacityLedger Full, long[] GuaranteeShortfall);

    internal static Computation Compute(GroupModel model)
    {
        int n = model.SessionCount;
        int h = model.Horizon;
        var power = new long[n][];
        for (int s = 0; s < n; s++)
            power[s] = new long[h];
        var full = new CapacityLedger(model, includeSurplus: true);
        var guaranteeShortfall = new long[n];

        // 1. Guarantee witness, latest slots first, guaranteed capacity only.
        var accepted = Enumerable.Range(0, n).Where(s => model.IsGuaranteed(s) && model.NeedUnits[s] > 0).ToArray();
        if (accepted.Length > 0)
        {
            var guaranteed = new CapacityLedger(model, includeSurplus: false);
            var need = accepted.Select(s => model.NeedUnits[s]).ToArray();
            var (alloc, shortfall) = FlowSchedule.Plan(model, guaranteed, accepted, need, SlotPriority.LatestFirst);
            for (int i = 0; i < accepted.Length; i++)
            {
                int s = accepted[i];
                guaranteeShortfall[s] = shortfall[i];
                for (int t = 0; t < h; t++)
                {
                    power[s][t] = alloc[i][t];
                    full.Add(s, t, alloc[i][t]);
                }
            }
        }

        // 2. Non-participants as soon as possible, after the must-run power.
        var asap = Enumerable.Range(0, n).Where(s => !model.IsSmart(s))
            .OrderBy(s => model.Sessions[s].Arrival.UtcTicks).ThenBy(s => s).ToArray();
        foreach (int s in asap)
        {
            long left = model.NeedUnits[s];
            for (int t = model.WindowStart[s]; t < model.WindowEnd[s] && left > 0; t++)
            {
                long grant = Math.Min(Math.Min(model.MaxW[s], full.Room(s, t)), left);
                if (grant < model.MinW[s])
                    grant = left < model.MinW[s] && full.Room(s, t) >= model.MinW[s] ? model.MinW[s] : 0;
                power[s][t] = grant;
                full.Add(s, t, grant);
                left -= grant;
            }
        }

        // 3. The rest of the opted-in need, most energy first, PV surplus before grid.
        var rest = new List<int>();
        var restNeed = new List<long>();
        for (int s = 0; s < n; s++)
        {
            if (!model.IsSmart(s))
                continue;
            long left = model.NeedUnits[s] - power[s].Sum();
            if (left > 0)
            {
                rest.Add(s);
                restNeed.Add(left);
            }
        }
        if (rest.Count > 0)
        {
            var urgency = Enumerable.Range(0, rest.Count).Select(i => (Key: LaxityKey.Of(model, rest[i], 0, 0), Index: i)).ToArray();
            Array.Sort(urgency, (a, b) => a.Key.CompareTo(b.Key));
            var ids = urgency.Select(u => rest[u.Index]).ToArray();
            var need = urgency.Select(u => restNeed[u.Index]).ToArray();
            var baseline = ids.Select(s => power[s]).ToArray();
            var (alloc, _) = FlowSchedule.Plan(model, full, ids, need, SlotPriority.SurplusFirst, baseline);
            for (int i = 0; i < ids.Length; i++)
            {
                for (int t = 0; t < h; t++)
                    power[ids[i]][t] += alloc[i][t];
            }
        }

        // 4. Pull-forward by least laxity.
        var smart = Enumerable.Range(0, n).Where(model.IsSmart).ToArray();
        var lastSlot = new int[n];
        foreach (int s in smart)
            lastSlot[s] = LastNonZero(power[s]);
        var delivered = new long[n];
        var order = new List<int>(smart.Length);
        var keys = new List<LaxityKey>(smart.Length);
        for (int t = 0; t < h; t++)
        {
            order.Clear();
            foreach (int s in smart)
            {
                if (t >= model.WindowStart[s] && t < model.WindowEnd[s] && lastSlot[s] > t && power[s][t] < model.MaxW[s])
                    order.Add(s);
            }
            keys.Clear();
            foreach (int s in order)
                keys.Add(LaxityKey.Of(model, s, t, delivered[s]));
            keys.Sort();
            foreach (var key in keys)
                PullForward(model, full, power[key.Session], key.Session, t, ref lastSlot[key.Session]);
            foreach (int s in smart)
                delivered[s] += power[s][t];
        }

        return new Computation(power, full, guaranteeShortfall);
    }

    private static void PullForward(GroupModel model, CapacityLedger full, long[] p, int s, int t, ref int last)
    {
        long min = model.MinW[s];
        long want = Math.Min(model.MaxW[s] - p[t], full.Room(s, t));
        if (want <= 0 || (p[t] == 0 && want < min))
            return;
        bool surplusNow = FlowSchedule.HasSurplus(model, s, t);
        long got = 0;
        for (int u = last; u > t && got < want; u--)
        {
            if (p[u] == 0 || (!surplusNow && FlowSchedule.HasSurplus(model, s, u)))
                continue;
            long take = Math.Min(want - got, p[u]);
            if (p[u] - take > 0 && p[u] - take < min)
                take = p[u] - min;
            if (take <= 0)
                continue;
            p[u] -= take;
            full.Add(s, u, -take);
            got += take;
        }
        if (got == 0)
            return;
        long add = p[t] + got < min ? min - p[t] : got;
        p[t] += add;
        full.Add(s, t, add);
        last = LastNonZero(p);
    }

    private static int LastNonZero(long[] p)
    {
        for (int u = p.Length - 1; u >= 0; u--)
        {
            if (p[u] != 0)
                return u;
        }
        return -1;
    }

    private static SessionStatus StatusOf(GroupModel model, int s, long plannedUnits)
    {
        var x = model.Sessions[s];
        if (x.EnergyRequestedWh is null || plannedUnits >= model.NeedUnits[s])
            return SessionStatus.OnTrack;
        if (!x.Accepted)
            return SessionStatus.BestEffortShort;
        // The EV's own limit (rampdown lowered its max as seen, or it will not draw at all) explains the miss.
        return x.VehicleMaxW < x.ConnectorMaxW || model.MaxW[s] == 0
            ? SessionStatus.LimitedByVehicle
            : SessionStatus.NotGuaranteed;
    }
}
