namespace OliMove.Scheduling;

/// <summary>
/// The four layers of <see cref="SlotAllocator"/> (docs/decisions/0031). Each adds to a <see cref="PlanDraft"/> on
/// the capacity the layers before it left and never takes back what an earlier layer planned for another session,
/// which is why a promise made by the guarantee witness survives the layers after it.
/// </summary>
internal static class AllocationLayers
{
    public static void Apply(AllocationLayer layer, PlanDraft draft)
    {
        switch (layer)
        {
            case AllocationLayer.GuaranteeWitness:
                GuaranteeWitness(draft);
                break;
            case AllocationLayer.ServeNonParticipants:
                ServeNonParticipants(draft);
                break;
            case AllocationLayer.FillBestEffort:
                // With price or CO₂ signals that make a difference, best effort is placed by cost (decision 0272).
                if (CostAwarePlacement.Applies(draft.Model))
                    CostAwarePlacement.FillBestEffort(draft);
                else
                    FillBestEffort(draft);
                break;
            case AllocationLayer.PullForwardByLaxity:
                // The cost placement pulls forward itself, only where that costs no more and stays under its cap.
                if (!CostAwarePlacement.Applies(draft.Model))
                    PullForwardByLaxity(draft);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(layer), layer, "unknown allocation layer");
        }
    }

    /// <summary>
    /// Accepted requests on guaranteed capacity only (never PV, which a forecast cannot promise), by a max-flow
    /// that opens the latest slots first. A max-flow never lowers flow already at the sink, so the late slots are
    /// filled as far as they can be before slot 0 is opened: the slot-0 part is the least that must flow now for
    /// every accepted request to still fit later (the must-run power), and the most early capacity is left over.
    /// </summary>
    public static void GuaranteeWitness(PlanDraft draft)
    {
        var model = draft.Model;
        var accepted = new List<int>();
        var need = new List<long>();
        for (int s = 0; s < model.SessionCount; s++)
        {
            long left = model.NeedUnits[s] - Planned(draft, s);
            if (model.IsGuaranteed(s) && left > 0)
            {
                accepted.Add(s);
                need.Add(left);
            }
        }
        if (accepted.Count == 0)
            return;

        var sessions = accepted.ToArray();
        var (witness, shortfall) = FlowSchedule.Plan(model, GuaranteedLedger(draft), sessions, [.. need], SlotPriority.LatestFirst, AlreadyPlanned(draft, sessions));
        if (ShortfallOfFullSpeed(model, sessions, shortfall) > 0 && sessions.Any(s => IsSlowedByVehicle(model, s)))
        {
            // Not every promise fits any more, and an EV that draws less than its connector allows (rampdown)
            // competes for the capacity: the EVs that take what they are offered come first, so the one that can
            // no longer be met is the slowed EV, whose shortfall is its own (limitedByVehicle), never another's
            // (decision 0182). Kept only if it serves the full-speed EVs better, so a miss has one cause.
            var tiered = TieredWitness(draft, sessions, [.. need]);
            if (ShortfallOfFullSpeed(model, sessions, tiered.Shortfall) < ShortfallOfFullSpeed(model, sessions, shortfall))
                witness = tiered.Alloc;
        }
        for (int i = 0; i < sessions.Length; i++)
        {
            for (int t = 0; t < model.Horizon; t++)
                draft.Add(sessions[i], t, witness[i][t]);
        }
    }

    /// <summary>The witness for the full-speed EVs first, then for the slowed ones on what is left.</summary>
    private static (long[][] Alloc, long[] Shortfall) TieredWitness(PlanDraft draft, int[] sessions, long[] need)
    {
        var model = draft.Model;
        var ledger = GuaranteedLedger(draft);
        var alloc = new long[sessions.Length][];
        var shortfall = new long[sessions.Length];
        foreach (bool slowed in new[] { false, true })
        {
            var tier = Enumerable.Range(0, sessions.Length).Where(i => IsSlowedByVehicle(model, sessions[i]) == slowed).ToArray();
            var ids = tier.Select(i => sessions[i]).ToArray();
            var (part, left) = FlowSchedule.Plan(model, ledger, ids, tier.Select(i => need[i]).ToArray(), SlotPriority.LatestFirst, AlreadyPlanned(draft, ids));
            for (int j = 0; j < tier.Length; j++)
            {
                alloc[tier[j]] = part[j];
                shortfall[tier[j]] = left[j];
            }
        }
        return (alloc, shortfall);
    }

    /// <summary>Guaranteed capacity, with power planned by earlier layers (none in the product's order) booked.</summary>
    private static CapacityLedger GuaranteedLedger(PlanDraft draft)
    {
        var model = draft.Model;
        var guaranteed = new CapacityLedger(model, includeSurplus: false);
        for (int s = 0; s < model.SessionCount; s++)
        {
            for (int t = 0; t < model.Horizon; t++)
                guaranteed.Add(s, t, draft.Power[s][t]);
        }
        return guaranteed;
    }

    private static long[][] AlreadyPlanned(PlanDraft draft, int[] sessions) => sessions.Select(s => draft.Power[s]).ToArray();

    /// <summary>An EV whose max as seen is below its connector's: it draws less than it is offered.</summary>
    private static bool IsSlowedByVehicle(GroupModel model, int s) =>
        model.Sessions[s].VehicleMaxW < model.Sessions[s].ConnectorMaxW;

    private static long ShortfallOfFullSpeed(GroupModel model, int[] sessions, long[] shortfall)
    {
        long sum = 0;
        for (int i = 0; i < sessions.Length; i++)
        {
            if (!IsSlowedByVehicle(model, sessions[i]))
                sum += shortfall[i];
        }
        return sum;
    }

    /// <summary>
    /// Sessions outside smart charging (not opted in, or past their declared departure) charge as they would
    /// without a controller: as soon as possible (<see cref="PlanDraft.FastestGrant"/>), first come first served,
    /// on what the witness left.
    /// </summary>
    public static void ServeNonParticipants(PlanDraft draft)
    {
        var model = draft.Model;
        var byArrival = Enumerable.Range(0, model.SessionCount).Where(s => !model.IsSmart(s))
            .OrderBy(s => model.Sessions[s].Arrival.UtcTicks).ThenBy(s => s).ToArray();
        foreach (int s in byArrival)
        {
            // No other layer plans for a non-participant, so it starts from nothing whatever the order of layers.
            long left = model.NeedUnits[s];
            for (int t = model.WindowStart[s]; t < model.WindowEnd[s] && left > 0; t++)
            {
                long grant = draft.FastestGrant(s, t, left);
                draft.Add(s, t, grant);
                left -= grant;
            }
        }
    }

    /// <summary>
    /// The opted-in need no layer has planned yet, by a max-flow over all capacity left (guaranteed + PV surplus)
    /// that opens the slots with PV surplus first, so the most energy is planned and PV comes before the grid.
    /// Sessions are offered the capacity in least-laxity order, so when not all fit the most urgent are served.
    /// </summary>
    public static void FillBestEffort(PlanDraft draft)
    {
        var model = draft.Model;
        var open = new List<(LaxityKey Urgency, int Session, long Left)>();
        for (int s = 0; s < model.SessionCount; s++)
        {
            if (!model.IsSmart(s))
                continue;
            long left = model.NeedUnits[s] - Planned(draft, s);
            if (left > 0)
                open.Add((LaxityKey.Of(model, s, 0, 0), s, left));
        }
        if (open.Count == 0)
            return;

        open.Sort((a, b) => a.Urgency.CompareTo(b.Urgency));
        var sessions = open.Select(x => x.Session).ToArray();
        var need = open.Select(x => x.Left).ToArray();
        var alreadyPlanned = sessions.Select(s => draft.Power[s]).ToArray();
        var (extra, _) = FlowSchedule.Plan(model, draft.Ledger, sessions, need, SlotPriority.SurplusFirst, alreadyPlanned);
        // FlowSchedule booked the extra power in the draft's ledger already; only the power table is behind.
        for (int i = 0; i < sessions.Length; i++)
        {
            for (int t = 0; t < model.Horizon; t++)
                draft.Power[sessions[i]][t] += extra[i][t];
        }
    }

    /// <summary>
    /// Slot by slot from now, each opted-in session that has energy planned later moves as much of it as fits into
    /// free capacity at this slot, least laxity first (docs/decisions/0031): an EV that charges earlier leaves the
    /// later capacity to EVs that are not here yet, and is further along if its plans change.
    /// </summary>
    /// <param name="cost">With price or CO₂ signals (<see cref="CostAwarePlacement"/>): the cost per slot, and energy
    /// then moves to slot t only from a later slot that costs at least as much, so pulling forward never raises the
    /// bill. Null: any later slot (as without signals).</param>
    /// <param name="feedIn">With <paramref name="cost"/>: what PV surplus costs per slot (the feed-in price it would have
    /// earned, -1 where it counts as cheaper than any grid kWh), or null when it does everywhere.</param>
    public static void PullForwardByLaxity(PlanDraft draft, IReadOnlyList<long>? cost = null, IReadOnlyList<long>? feedIn = null)
    {
        var model = draft.Model;
        var smart = Enumerable.Range(0, model.SessionCount).Where(model.IsSmart).ToArray();
        var lastSlot = new int[model.SessionCount];
        foreach (int s in smart)
            lastSlot[s] = LastNonZero(draft.Power[s]);
        var deliveredBySlot = new long[model.SessionCount];
        var candidates = new List<LaxityKey>(smart.Length);
        for (int t = 0; t < model.Horizon; t++)
        {
            candidates.Clear();
            foreach (int s in smart)
            {
                bool canTakeMoreNow = t >= model.WindowStart[s] && t < model.WindowEnd[s] && draft.Power[s][t] < model.MaxW[s];
                if (canTakeMoreNow && lastSlot[s] > t)
                    candidates.Add(LaxityKey.Of(model, s, t, deliveredBySlot[s]));
            }
            candidates.Sort();
            foreach (var key in candidates)
                PullForward(draft, key.Session, t, cost, feedIn, ref lastSlot[key.Session]);
            foreach (int s in smart)
                deliveredBySlot[s] += draft.Power[s][t];
        }
    }

    /// <summary>
    /// Moves session s's own energy from its latest slots to slot t, up to its max and the room at t. A slot keeps
    /// 0 or at least the minimum; energy in a PV-surplus slot stays there unless t has surplus too, and with a cost
    /// series it comes only from slots that cost at least as much as t.
    /// </summary>
    private static void PullForward(PlanDraft draft, int s, int t, IReadOnlyList<long>? cost, IReadOnlyList<long>? feedIn, ref int lastSlot)
    {
        var model = draft.Model;
        var power = draft.Power[s];
        long min = model.MinW[s];
        long wanted = Math.Min(model.MaxW[s] - power[t], draft.Ledger.Room(s, t));
        if (wanted <= 0 || (power[t] == 0 && wanted < min))
            return;
        bool surplusNow = model.HasSurplus(s, t);
        long moved = 0;
        for (int later = lastSlot; later > t && moved < wanted; later--)
        {
            if (power[later] == 0)
                continue;
            if (cost is null ? !surplusNow && model.HasSurplus(s, later) : SlotCost(model, s, later, cost, feedIn) < SlotCost(model, s, t, cost, feedIn))
                continue;
            long take = Math.Min(wanted - moved, power[later]);
            if (power[later] - take > 0 && power[later] - take < min)
                take = power[later] - min;
            if (take <= 0)
                continue;
            draft.Add(s, later, -take);
            moved += take;
        }
        if (moved == 0)
            return;
        // Starting at slot t below the minimum is not allowed: a little more energy instead (room was checked).
        long added = power[t] + moved < min ? min - power[t] : moved;
        draft.Add(s, t, added);
        lastSlot = LastNonZero(power);
    }

    /// <summary>What a kWh costs session s at slot t: PV surplus its feed-in price (below any price without one), else the cost series.</summary>
    private static long SlotCost(GroupModel model, int s, int t, IReadOnlyList<long> cost, IReadOnlyList<long>? feedIn) =>
        model.HasSurplus(s, t) ? feedIn?[t] ?? -1 : cost[t];

    private static long Planned(PlanDraft draft, int s) => draft.Power[s].Sum();

    private static int LastNonZero(long[] power)
    {
        for (int t = power.Length - 1; t >= 0; t--)
        {
            if (power[t] != 0)
                return t;
        }
        return -1;
    }
}
