namespace OliMove.Scheduling;

/// <summary>
/// Best effort placed by price or CO₂ (docs/prices.md, decision 0272): the hook that replaces
/// <see cref="AllocationLayers.FillBestEffort"/> and <see cref="AllocationLayers.PullForwardByLaxity"/> when a
/// snapshot carries <see cref="EnergySignals"/> that make a difference. The layers before it (the guarantee witness,
/// non-participants as soon as possible) are untouched, so a signal never costs a promise or a limit.
/// <list type="number">
/// <item>With a demand charge: the lowest cap on the group's grid draw (never below the billing period's peak so
/// far) under which the max-flow still plans as much best-effort energy as without a cap. A kW of peak costs a
/// month of demand charge (15.51 USD at SCE TOU-EV-4) while moving a kWh between tariff periods saves cents, so
/// the cap comes first and prices second.</item>
/// <item>Under that cap, the opted-in need by a max-flow that opens PV-surplus slots first, then the others one
/// cost level at a time, cheapest first.</item>
/// <item>Pull-forward by least laxity as today, but only from a slot that costs at least as much and only within
/// the cap: earlier when it is free to be earlier, which leaves later room to EVs not here yet.</item>
/// </list>
/// A group that runs at its limit (<see cref="IsCongested"/>) is planned as without signals: energy first.
/// With flat prices (or CO₂) and no demand charge none of this runs, and the plan is today's bit for bit.
/// </summary>
internal static class CostAwarePlacement
{
    public static bool Applies(GroupModel model)
    {
        if (model.Snapshot.Signals is not { } signals)
            return false;
        if (HasDemandCharge(signals))
            return true;
        var cost = CostSeries(signals);
        for (int t = 1; t < cost.Count; t++)
        {
            if (cost[t] != cost[0])
                return true;
        }
        // Flat prices: PV surplus still makes a difference when exporting it earns as much as a grid kWh costs.
        return SurplusCost(signals) is not null;
    }

    /// <summary>
    /// What a kWh of PV surplus costs a car per slot: the feed-in price it would have earned, exported (docs/prices.md),
    /// or -1 (cheaper than any grid kWh) where that is below every import price of the horizon. Null when every slot is
    /// -1: no feed-in prices, the CO₂ objective (PV has no grid CO₂), or feed-in prices below every import price; then
    /// PV surplus comes first and the plan is what it was before feed-in prices were read.
    /// </summary>
    private static long[]? SurplusCost(EnergySignals signals)
    {
        if (signals.Objective != PlacementObjective.Cost || signals.FeedInPriceMicrosPerKWh is not { } feedIn)
            return null;
        long cheapest = signals.ImportPriceMicrosPerKWh!.Min();
        if (feedIn.All(x => x < cheapest))
            return null;
        return [.. feedIn.Select(x => x < cheapest ? -1 : x)];
    }

    private static bool HasDemandCharge(EnergySignals signals) =>
        signals.Objective == PlacementObjective.Cost && signals.DemandChargeMicrosPerKW > 0;

    private static IReadOnlyList<long> CostSeries(EnergySignals signals) =>
        signals.Objective == PlacementObjective.Co2 ? signals.Co2GramsPerKWh! : signals.ImportPriceMicrosPerKWh!;

    public static void FillBestEffort(PlanDraft draft)
    {
        var model = draft.Model;
        var signals = model.Snapshot.Signals!;
        var (sessions, need) = OpenNeed(draft);
        int root = Array.IndexOf(model.Parent, -1);
        if (CapOrEnergyFirst(draft, root, sessions, need, HasDemandCharge(signals)) is not { } cap)
        {
            AllocationLayers.FillBestEffort(draft);
            AllocationLayers.PullForwardByLaxity(draft);
            return;
        }
        var held = Hold(draft, root, cap);
        if (sessions.Length > 0)
        {
            var alreadyPlanned = sessions.Select(s => draft.Power[s]).ToArray();
            var (extra, _) = FlowSchedule.Plan(model, draft.Ledger, sessions, need, SlotPriority.CheapestFirst, alreadyPlanned);
            // FlowSchedule booked the extra power in the ledger already; only the power table is behind.
            for (int i = 0; i < sessions.Length; i++)
            {
                for (int t = 0; t < model.Horizon; t++)
                    draft.Power[sessions[i]][t] += extra[i][t];
            }
        }
        AllocationLayers.PullForwardByLaxity(draft, CostSeries(signals), SurplusCost(signals));
        for (int t = 0; t < model.Horizon; t++)
            draft.Ledger.AddToCircuit(root, t, -held[t]);
    }

    /// <summary>Share of the group's capacity from which it counts as running at its limit.</summary>
    private const long CongestionPercent = 95;

    /// <summary>
    /// The grid-draw cap to plan best effort under (<see cref="GroupModel.Unlimited"/> without a demand charge), or
    /// null when the group runs at its limit: its peak so far (or the peak expected from its history) is within 5 %
    /// of its capacity, or the energy present
    /// does not fit under 95 % of it. Capacity not used now is lost for good, and a deferred kWh then costs an EV
    /// that is not here yet its energy, while the demand charge is already paid at the limit: energy comes first,
    /// and best effort is planned as without signals (decision 0272).
    /// <para>With a demand charge the cap is the lowest, in power steps from the peak so far, under which the
    /// max-flow plans as much best-effort energy as without one, found by Newton's method on one
    /// <see cref="DemandCapSearch"/> whose cap only rises (decision 0320).</para>
    /// </summary>
    private static long? CapOrEnergyFirst(PlanDraft draft, int root, int[] sessions, long[] need, bool demandCharge)
    {
        var model = draft.Model;
        long step = model.PowerStepW;
        long highest = 0;
        for (int t = 0; t < model.Horizon; t++)
            highest = Math.Max(highest, model.Circuits[root].GuaranteedW[t]);
        // The peak the demand charge reaches anyway: the period's so far, or the one its history leads to expect.
        var signals = model.Snapshot.Signals!;
        long peakPaid = Math.Max(signals.PeakSoFarW, signals.ExpectedPeakW);
        if (peakPaid * 100 >= highest * CongestionPercent)
            return null;
        long lo = GroupModel.CeilDiv(peakPaid, step) * step;
        if (sessions.Length == 0)
            return demandCharge ? lo : GroupModel.Unlimited;

        using var search = new DemandCapSearch(draft, root, sessions, need);
        long busy = highest * CongestionPercent / 100;
        if (!demandCharge || lo >= busy)
        {
            long underBusy = search.FlowUnder(Math.Max(lo, busy));
            bool fits = underBusy >= search.FlowUnder(GroupModel.Unlimited);
            // Above the busy level the flow is already all it can be, so the cap is the peak so far.
            return !fits ? null : demandCharge ? lo : GroupModel.Unlimited;
        }

        // Most often all the open need can flow: then the lowest cap that places it all is the answer, and the group
        // is not at its limit (that cap is below the busy level). Only when it cannot is the flow without a cap needed,
        // to tell a group at its limit from sessions that cannot take their need anyway.
        long enough = GroupModel.CeilDiv(busy, step) * step;
        search.FlowUnder(lo);
        long cap = search.RaiseUntil(search.MostItCouldPlace, enough, step);
        if (search.Flow >= search.MostItCouldPlace)
            return cap;
        long atBusy = search.Flow;
        long target = search.FlowUnder(GroupModel.Unlimited);
        if (atBusy < target)
            return null;
        // Back to the peak paid with a new search: the cap only rises on one network, and a copy of the flow at the
        // peak, kept for this rarer case, cost every plan more than starting again costs the few that need it.
        using var again = new DemandCapSearch(draft, root, sessions, need);
        again.FlowUnder(lo);
        return again.RaiseUntil(target, enough, step);
    }

    /// <summary>The opted-in need no layer has planned yet, least laxity first (as <see cref="AllocationLayers.FillBestEffort"/>).</summary>
    private static (int[] Sessions, long[] Need) OpenNeed(PlanDraft draft)
    {
        var model = draft.Model;
        var open = new List<(LaxityKey Urgency, int Session, long Left)>();
        for (int s = 0; s < model.SessionCount; s++)
        {
            if (!model.IsSmart(s))
                continue;
            long left = model.NeedUnits[s] - draft.Power[s].Sum();
            if (left > 0)
                open.Add((LaxityKey.Of(model, s, 0, 0), s, left));
        }
        open.Sort((a, b) => a.Urgency.CompareTo(b.Urgency));
        return (open.Select(x => x.Session).ToArray(), open.Select(x => x.Left).ToArray());
    }

    /// <summary>
    /// Books on the root what keeps its grid draw (load minus PV surplus) at or below the cap: the limit above the
    /// cap, never more than the room left, so a circuit is never booked past its capacity. Returns what it booked.
    /// </summary>
    private static long[] Hold(PlanDraft draft, int root, long cap)
    {
        var model = draft.Model;
        var held = new long[model.Horizon];
        if (cap >= GroupModel.Unlimited)
            return held;
        for (int t = 0; t < model.Horizon; t++)
        {
            long above = model.Circuits[root].GuaranteedW[t] - cap;
            held[t] = Math.Max(0, Math.Min(above, draft.Ledger.TotalRoom(root, t)));
            draft.Ledger.AddToCircuit(root, t, held[t]);
        }
        return held;
    }

    /// <summary>
    /// PV-surplus slots first, then every other slot one cost level at a time, the cheapest level first. With feed-in
    /// prices a PV-surplus slot costs what its export would have earned (<see cref="SurplusCost"/>): where that is below
    /// every import price it still comes first (as without feed-in prices, so such plans do not change); where it is
    /// not, the slot opens at its feed-in price among the grid's levels, so a grid slot cheaper than the export is
    /// taken before it. (A PV-surplus slot counts as PV as a whole, as it always has.)
    /// </summary>
    public static void OpenCheapestFirst(FlowScheduleNetwork network, GroupModel model, int[] sessions)
    {
        var signals = model.Snapshot.Signals!;
        var cost = CostSeries(signals);
        var surplusCost = SurplusCost(signals);
        bool PvFirst(int t) => surplusCost is null || surplusCost[t] < 0;
        for (int i = 0; i < sessions.Length; i++)
        {
            for (int t = 0; t < model.Horizon; t++)
            {
                if (model.HasSurplus(sessions[i], t) && PvFirst(t))
                    network.OpenSlot(i, t);
            }
        }
        network.Augment();
        var levels = new SortedSet<long>();
        for (int t = 0; t < model.Horizon; t++)
        {
            if (!network.SlotInUse[t])
                continue;
            levels.Add(cost[t]);
            if (!PvFirst(t))
                levels.Add(surplusCost![t]);
        }
        foreach (long level in levels)
        {
            for (int i = 0; i < sessions.Length; i++)
            {
                for (int t = 0; t < model.Horizon; t++)
                {
                    long slotLevel = !PvFirst(t) && model.HasSurplus(sessions[i], t) ? surplusCost![t] : cost[t];
                    if (slotLevel == level)
                        network.OpenSlot(i, t);
                }
            }
            network.Augment();
        }
    }
}
