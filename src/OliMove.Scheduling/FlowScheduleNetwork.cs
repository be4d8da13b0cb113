namespace OliMove.Scheduling;

/// <summary>
/// The max-flow network of one <see cref="FlowSchedule"/> solve, with its nodes named. Flow is energy in power
/// steps (one step for one slot is 1 Wh), so every flow is a whole number of steps:
/// <code>
/// source ─need─▶ session ─max power at t─▶ [phase lane of its leaf at t] ─▶ leaf circuit at t ─▶ parent at t ─▶ … ─▶ root at t ─▶ sink
/// </code>
/// A circuit-at-slot node passes on at most the circuit's free capacity at that slot; a phase lane at most the
/// free capacity of its phase (or, for the 3-phase lane, of the least free phase). The tree of limits is exact
/// for totals; what it cannot express (phases above the leaf, the minimum power) is settled afterwards.
/// Node numbers: source, sink, one per session, then circuit × slot, then lane × phased circuit × slot.
/// </summary>
internal sealed class FlowScheduleNetwork : IDisposable
{
    private const int Source = 0;
    private const int Sink = 1;
    private const int FirstSessionNode = 2;
    private const int LanesPerCircuit = 4;
    private static readonly PhaseLane[] OnePhaseLanes = [PhaseLane.L1, PhaseLane.L2, PhaseLane.L3];

    private readonly GroupModel _model;
    private readonly CapacityLedger _ledger;
    private readonly int[] _sessions;
    private readonly long[][]? _alreadyPlanned;
    private readonly int _horizon;
    private readonly long _step;
    private readonly int _firstCircuitNode;
    private readonly int _firstLaneNode;
    /// <summary>Per circuit: its index among the circuits with phase limits, or -1 when it has none.</summary>
    private readonly int[] _phasedIndex;
    /// <summary>Per session and slot: the arc session → entry node, or -1 while that slot is not open to it.</summary>
    private readonly int[][] _slotArc;
    private readonly FlowNetwork _network;
    /// <summary>Per slot: the arc root circuit → sink, or -1 when the slot is not in use.</summary>
    private readonly int[] _sinkArc;
    /// <summary>Per slot: the root circuit's node at that slot (the tail of <see cref="_sinkArc"/>).</summary>
    private readonly int[] _sinkArcFrom;
    /// <summary>Per lane node (from the first): some session of this network may enter it.</summary>
    private readonly bool[] _laneEntered;
    /// <summary>Per session: the arc source → session, or -1 before <see cref="AddNeedArc"/>.</summary>
    private readonly int[] _needArc;
    /// <summary>Per circuit and slot (circuit × horizon + slot): the arc circuit → parent (or sink), where it exists.</summary>
    private readonly int[] _capacityArc;
    /// <summary>Per lane node (from the first): the arc lane → circuit, where it exists.</summary>
    private readonly int[] _laneArc;
    /// <summary>Per circuit and slot (circuit × horizon + slot): some session of this network below it may charge then.</summary>
    private readonly bool[] _circuitEntered;

    /// <param name="sessions">Model indices of the sessions to plan; position i is session node i.</param>
    /// <param name="alreadyPlanned">Power each session already has per slot (booked in the ledger), or null.</param>
    public FlowScheduleNetwork(GroupModel model, CapacityLedger ledger, int[] sessions, long[][]? alreadyPlanned)
    {
        _model = model;
        _ledger = ledger;
        _sessions = sessions;
        _alreadyPlanned = alreadyPlanned;
        _horizon = model.Horizon;
        _step = model.PowerStepW;
        int circuits = model.Circuits.Length;
        _phasedIndex = new int[circuits];
        int phased = 0;
        for (int c = 0; c < circuits; c++)
            _phasedIndex[c] = ledger.HasPhases(c) ? phased++ : -1;
        _firstCircuitNode = FirstSessionNode + sessions.Length;
        _firstLaneNode = _firstCircuitNode + circuits * _horizon;

        SlotInUse = new bool[_horizon];
        long windowSlots = 0;
        foreach (int s in sessions)
        {
            windowSlots += Math.Max(0, model.WindowEnd[s] - model.WindowStart[s]);
            for (int t = model.WindowStart[s]; t < model.WindowEnd[s]; t++)
                SlotInUse[t] = true;
        }
        long arcsHint = (circuits + (long)LanesPerCircuit * phased) * _horizon + sessions.Length + windowSlots;
        _network = new FlowNetwork(_firstLaneNode + phased * LanesPerCircuit * _horizon, (int)Math.Min(int.MaxValue / 4, arcsHint));
        // A phase lane at a slot gets its arc only if one of these sessions may enter it there. Any other lane is out
        // of every path for good (nothing enters it, so its arc never carries flow and its reverse never has room):
        // leaving it out changes no path, only what each phase scans (decision 0360).
        // The same holds for a circuit at a slot where no session below it may charge.
        _laneEntered = new bool[phased * LanesPerCircuit * _horizon];
        _circuitEntered = new bool[circuits * _horizon];
        foreach (int s in sessions)
        {
            int leaf = model.SessionCircuit[s];
            foreach (int c in model.PathToRoot[leaf])
            {
                for (int t = model.WindowStart[s]; t < model.WindowEnd[s]; t++)
                    _circuitEntered[c * _horizon + t] = true;
            }
            if (_phasedIndex[leaf] < 0)
                continue;
            for (int t = model.WindowStart[s]; t < model.WindowEnd[s]; t++)
                _laneEntered[EntryNode(s, t) - _firstLaneNode] = true;
        }

        _needArc = new int[sessions.Length];
        Array.Fill(_needArc, -1);
        _capacityArc = new int[circuits * _horizon];
        _laneArc = new int[phased * LanesPerCircuit * _horizon];
        _slotArc = new int[sessions.Length][];
        for (int i = 0; i < sessions.Length; i++)
        {
            _slotArc[i] = new int[_horizon];
            Array.Fill(_slotArc[i], -1);
        }

        _sinkArc = new int[_horizon];
        _sinkArcFrom = new int[_horizon];
        Array.Fill(_sinkArc, -1);
        // The capacity arcs exist up front; they carry nothing until a session arc opens a path to them.
        for (int t = 0; t < _horizon; t++)
        {
            if (SlotInUse[t])
                AddCapacityArcs(t);
        }
    }

    /// <summary>Per slot: some session's window covers it (no other slot gets any node's arcs).</summary>
    public bool[] SlotInUse { get; }

    /// <summary>source → session i: its need, but no more than its max power over its whole window. Returns the arc's
    /// capacity (power steps).</summary>
    public long AddNeedArc(int i, long needUnits)
    {
        int s = _sessions[i];
        long cap = Math.Min(needUnits, _model.MaxW[s] * (long)Math.Max(0, _model.WindowEnd[s] - _model.WindowStart[s]));
        _needArc[i] = _network.AddArc(Source, SessionNode(i), Math.Max(0, cap) / _step);
        return Math.Max(0, cap) / _step;
    }

    /// <summary>session i → its entry node at slot t, once: from then on the flow may place its energy there.</summary>
    public void OpenSlot(int i, int t)
    {
        int s = _sessions[i];
        if (_slotArc[i][t] >= 0 || t < _model.WindowStart[s] || t >= _model.WindowEnd[s] || _model.MaxW[s] <= 0)
            return;
        // At most what the session alone could still add here: that bound carries the phase limits of every
        // circuit on its path (which the tree cannot), so the flow does not plan what settlement must cut.
        long cap = Math.Min(_model.MaxW[s] - (_alreadyPlanned?[i][t] ?? 0), _ledger.Room(s, t));
        if (cap > 0)
            _slotArc[i][t] = _network.AddArc(SessionNode(i), EntryNode(s, t), cap / _step);
    }

    /// <summary>
    /// Pushes along each open slot's own path (source → session → its entry at the slot → its circuits → sink) as much
    /// as every arc on it has left, without rerouting any flow: a valid flow that <see cref="Augment"/> can continue
    /// to the maximum. Which maximum flow that ends in differs from the one <see cref="Augment"/> alone finds, so only
    /// a caller that reads values (the max-flow and its minimum cut, the same for every maximum flow) may use it: the
    /// demand-cap search (decision 0360). Returns the energy added (power steps).
    /// </summary>
    public long PushAlongOwnPaths()
    {
        long total = 0;
        Span<int> path = stackalloc int[3 + _model.Circuits.Length];
        for (int i = 0; i < _sessions.Length; i++)
        {
            int s = _sessions[i];
            if (_needArc[i] < 0)
                continue;
            int leaf = _model.SessionCircuit[s];
            var circuits = _model.PathToRoot[leaf];
            for (int t = _model.WindowStart[s]; t < _model.WindowEnd[s]; t++)
            {
                if (_slotArc[i][t] < 0)
                    continue;
                int n = 0;
                path[n++] = _needArc[i];
                path[n++] = _slotArc[i][t];
                if (_phasedIndex[leaf] >= 0)
                    path[n++] = _laneArc[EntryNode(s, t) - _firstLaneNode];
                foreach (int c in circuits)
                    path[n++] = _capacityArc[c * _horizon + t];
                total += _network.PushAlong(path[..n]);
            }
        }
        return total;
    }

    /// <summary>Pushes as much more energy as the open arcs allow; flow already at the sink is never taken back.
    /// Returns the energy added (power steps).</summary>
    public long Augment() => _network.Augment(Source, Sink);

    /// <summary>
    /// Sets what the root passes on at slot t to <paramref name="watts"/> (a grid-draw cap), never below what
    /// flows there now: the demand-cap search raises it step by step (<see cref="DemandCapSearch"/>).
    /// </summary>
    public void SetRootCapacity(int t, long watts)
    {
        if (_sinkArc[t] >= 0)
            _network.SetCapacity(_sinkArc[t], Math.Max(0, watts) / _step);
    }

    /// <summary>
    /// After a max-flow: at how many slots the root's arc to the sink crosses the smallest minimum cut. Raising the
    /// root's capacity by one step at every slot raises that cut, and so the max-flow, by at most this much.
    /// </summary>
    public int RootArcsInMinimumCut()
    {
        bool[] reachable = _network.ReachableFrom(Source);
        int count = 0;
        for (int t = 0; t < _horizon; t++)
        {
            if (_sinkArc[t] >= 0 && reachable[_sinkArcFrom[t]])
                count++;
        }
        return count;
    }

    /// <summary>Gives the network's arrays back to their pool.</summary>
    public void Dispose() => _network.Dispose();

    /// <summary>The flow on each session's slot arcs as power per slot (W).</summary>
    public long[][] Allocation()
    {
        var allocation = new long[_sessions.Length][];
        for (int i = 0; i < allocation.Length; i++)
        {
            allocation[i] = new long[_horizon];
            for (int t = 0; t < _horizon; t++)
            {
                if (_slotArc[i][t] >= 0)
                    allocation[i][t] = _network.Flow(_slotArc[i][t]) * _step;
            }
        }
        return allocation;
    }

    /// <summary>Every circuit at slot t → its parent (the root → sink), and each phase lane → its circuit, where a
    /// session of this network may reach them.</summary>
    private void AddCapacityArcs(int t)
    {
        for (int c = 0; c < _model.Circuits.Length; c++)
        {
            // The root is on every session's path, so every slot in use keeps its arc to the sink.
            if (!_circuitEntered[c * _horizon + t])
                continue;
            int parent = _model.Parent[c];
            int upstream = parent < 0 ? Sink : CircuitNode(parent, t);
            int arc = _network.AddArc(CircuitNode(c, t), upstream, Math.Max(0, _ledger.TotalRoom(c, t)) / _step);
            _capacityArc[c * _horizon + t] = arc;
            if (parent < 0 && _sinkArc[t] < 0)
            {
                _sinkArc[t] = arc;
                _sinkArcFrom[t] = CircuitNode(c, t);
            }
            if (_phasedIndex[c] < 0)
                continue;
            foreach (var phase in OnePhaseLanes)
            {
                int lane = LaneNode(c, phase, t) - _firstLaneNode;
                if (_laneEntered[lane])
                    _laneArc[lane] = _network.AddArc(LaneNode(c, phase, t), CircuitNode(c, t), Math.Max(0, _ledger.PhaseRoom(c, (int)phase, t)) / _step);
            }
            int threePhase = LaneNode(c, PhaseLane.ThreePhase, t) - _firstLaneNode;
            if (_laneEntered[threePhase])
                _laneArc[threePhase] = _network.AddArc(LaneNode(c, PhaseLane.ThreePhase, t), CircuitNode(c, t), Math.Max(0, _ledger.ThreePhaseRoom(c, t)) / _step);
        }
    }

    /// <summary>Where session s's power enters the tree at slot t: its phase lane if its leaf limits phases, else the leaf.</summary>
    private int EntryNode(int s, int t)
    {
        int leaf = _model.SessionCircuit[s];
        if (_phasedIndex[leaf] < 0)
            return CircuitNode(leaf, t);
        var session = _model.Sessions[s];
        return LaneNode(leaf, session.Phases == 1 ? (PhaseLane)session.Phase : PhaseLane.ThreePhase, t);
    }

    private static int SessionNode(int i) => FirstSessionNode + i;

    private int CircuitNode(int c, int t) => _firstCircuitNode + c * _horizon + t;

    private int LaneNode(int c, PhaseLane lane, int t) =>
        _firstLaneNode + (_phasedIndex[c] * LanesPerCircuit + (int)lane - 1) * _horizon + t;
}
