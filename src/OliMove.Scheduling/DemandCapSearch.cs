namespace OliMove.Scheduling;

/// <summary>
/// The max-flow of the open best-effort need under a cap on the group's grid draw, for a cap that only rises
/// (decision 0320). One network serves the whole search: raising the cap raises only the root's arcs to the sink,
/// and a max-flow continues from the flow it has, so each step pays for the extra energy it places, not for a
/// new network and a flow from nothing. Only values matter here (the max-flow under a cap, and the smallest minimum
/// cut, which are the same for every maximum flow), so a search that must go back to a lower cap starts a new one.
/// </summary>
internal sealed class DemandCapSearch : IDisposable
{
    private readonly GroupModel _model;
    private readonly CapacityLedger _ledger;
    private readonly int _root;
    private readonly FlowScheduleNetwork _network;
    private long _flow;

    /// <param name="sessions">Model indices of the open sessions, most urgent first.</param>
    /// <param name="need">Their open need (watt-slots).</param>
    public DemandCapSearch(PlanDraft draft, int root, int[] sessions, long[] need)
    {
        _model = draft.Model;
        _ledger = draft.Ledger;
        _root = root;
        _network = new FlowScheduleNetwork(_model, _ledger, sessions, [.. sessions.Select(s => draft.Power[s])]);
        for (int i = sessions.Length - 1; i >= 0; i--)
            MostItCouldPlace += _network.AddNeedArc(i, need[i]);
        // Only the value of the flow matters here, not where it goes, so every slot is open at once.
        for (int i = 0; i < sessions.Length; i++)
        {
            for (int t = 0; t < _model.Horizon; t++)
                _network.OpenSlot(i, t);
        }
    }

    /// <summary>The cap the flow was last raised to.</summary>
    public long Cap { get; private set; } = -1;

    /// <summary>The energy (power steps) the max-flow places under <paramref name="cap"/>, which is not below the last one.</summary>
    public long FlowUnder(long cap)
    {
        if (cap < Cap)
            throw new ArgumentOutOfRangeException(nameof(cap), cap, "the cap only rises; restore a saved state to go back");
        for (int t = 0; t < _model.Horizon; t++)
            _network.SetRootCapacity(t, RootRoomUnder(_model, _ledger, _root, cap, t));
        // Most of the energy flows straight down its own path; the max-flow then only reroutes what is left.
        _flow += _network.PushAlongOwnPaths();
        _flow += _network.Augment();
        Cap = cap;
        return _flow;
    }

    /// <summary>The most the flow could ever place: every open need, each no more than its max power over its window.</summary>
    public long MostItCouldPlace { get; private set; }

    /// <summary>The flow under the cap it was last raised to.</summary>
    public long Flow => _flow;

    /// <summary>
    /// Raises the cap from where it is, in power steps, to the lowest that places <paramref name="target"/>, or to
    /// <paramref name="limit"/> if none below does; returns the cap. Newton's method on the max-flow as a function of
    /// the cap (concave, piecewise linear): a step of cap raises the max-flow by at most the number of slots where
    /// the cap is in the minimum cut, so the cap must rise at least by what is missing over that number. Every cap
    /// tried is thus at most the lowest that places the target, and the first that does is it; each flow continues
    /// from the one before.
    /// </summary>
    public long RaiseUntil(long target, long limit, long step)
    {
        while (_flow < target && Cap < limit)
        {
            int slots = Math.Max(1, _network.RootArcsInMinimumCut());
            FlowUnder(Math.Min(limit, Cap + GroupModel.CeilDiv(target - _flow, slots) * step));
        }
        return Cap;
    }

    /// <summary>At how many slots the cap binds the max-flow now (see <see cref="FlowScheduleNetwork.RootArcsInMinimumCut"/>).</summary>
    public int SlotsHeldByTheCap() => _network.RootArcsInMinimumCut();

    /// <summary>Gives the network's arrays back to their pool.</summary>
    public void Dispose() => _network.Dispose();

    /// <summary>
    /// What the root may still pass on at slot t when its grid draw (load minus PV surplus) is held at or below the
    /// cap: its free room less the guaranteed capacity above the cap (what <see cref="CostAwarePlacement"/> books).
    /// </summary>
    public static long RootRoomUnder(GroupModel model, CapacityLedger ledger, int root, long cap, int t)
    {
        long room = ledger.TotalRoom(root, t);
        if (cap >= GroupModel.Unlimited)
            return room;
        return room - Math.Max(0, Math.Min(model.Circuits[root].GuaranteedW[t] - cap, room));
    }
}
