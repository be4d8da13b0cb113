namespace OliMove.Scheduling;

/// <summary>
/// A directed network with integer capacities and Dinic's max-flow. It is incremental: arcs may be added after a
/// call to <see cref="Augment"/>, and the next call continues from the current flow. Augmenting paths never
/// traverse the sink or re-enter the source, so flow already on a source arc or a sink arc never decreases; the
/// allocator relies on that to get lexicographic priorities (late slots first, accepted sessions first) from
/// successive calls. Arc and node order are fixed by the caller, so the result is deterministic.
/// </summary>
internal sealed class FlowNetwork
{
    private readonly int[] _head;
    private int[] _next = new int[64];
    private int[] _to = new int[64];
    private long[] _cap = new long[64];
    private long[] _original = new long[64];
    private int _arcs;
    private readonly int _nodes;
    private int[] _level = [];
    private int[] _iter = [];
    private int[] _queue = [];

    /// <param name="nodes">Node count (fixed).</param>
    /// <param name="arcsHint">Expected number of arcs, to allocate once.</param>
    public FlowNetwork(int nodes, int arcsHint = 32)
    {
        _nodes = nodes;
        int size = Math.Max(64, 2 * arcsHint);
        _next = new int[size];
        _to = new int[size];
        _cap = new long[size];
        _original = new long[size];
        _head = new int[Math.Max(nodes, 1)];
        Array.Fill(_head, -1);
    }

    public int NodeCount => _nodes;

    /// <summary>Adds an arc and returns its id; its reverse is id ^ 1.</summary>
    public int AddArc(int from, int to, long capacity)
    {
        if (_arcs + 2 > _to.Length)
        {
            int size = _to.Length * 2;
            Array.Resize(ref _next, size);
            Array.Resize(ref _to, size);
            Array.Resize(ref _cap, size);
            Array.Resize(ref _original, size);
        }
        int id = _arcs;
        _to[id] = to;
        _cap[id] = capacity;
        _original[id] = capacity;
        _next[id] = _head[from];
        _head[from] = id;
        _to[id + 1] = from;
        _cap[id + 1] = 0;
        _original[id + 1] = 0;
        _next[id + 1] = _head[to];
        _head[to] = id + 1;
        _arcs += 2;
        return id;
    }

    /// <summary>Flow currently on an arc.</summary>
    public long Flow(int arc) => _original[arc] - _cap[arc];

    /// <summary>
    /// Sets an arc's capacity (never below what it carries); the next <see cref="Augment"/> continues from the
    /// current flow, so a search over a rising limit pays only for the extra flow each step finds.
    /// </summary>
    public void SetCapacity(int arc, long capacity)
    {
        if (capacity < Flow(arc))
            throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "an arc's capacity cannot go below the flow it carries");
        _cap[arc] += capacity - _original[arc];
        _original[arc] = capacity;
    }

    /// <summary>
    /// The nodes reachable from the source over arcs with residual capacity: after a max-flow, the source side of
    /// the minimum cut that is smallest (every arc leaving it is saturated).
    /// </summary>
    public bool[] ReachableFrom(int source)
    {
        var seen = new bool[_nodes];
        var queue = new int[_nodes];
        int qh = 0, qt = 0;
        queue[qt++] = source;
        seen[source] = true;
        while (qh < qt)
        {
            int v = queue[qh++];
            for (int e = _head[v]; e >= 0; e = _next[e])
            {
                if (_cap[e] > 0 && !seen[_to[e]])
                {
                    seen[_to[e]] = true;
                    queue[qt++] = _to[e];
                }
            }
        }
        return seen;
    }

    /// <summary>The flow and capacities now, to go back to with <see cref="Restore"/> (no arc may be added in between).</summary>
    public (long[] Residual, long[] Original) Save() => (_cap[.._arcs], _original[.._arcs]);

    public void Restore((long[] Residual, long[] Original) state)
    {
        if (state.Residual.Length != _arcs)
            throw new InvalidOperationException("arcs were added since the state was saved");
        state.Residual.CopyTo(_cap, 0);
        state.Original.CopyTo(_original, 0);
    }

    /// <summary>Pushes as much more flow as possible from source to sink; returns the amount added.</summary>
    public long Augment(int source, int sink)
    {
        if (_level.Length < _nodes)
        {
            _level = new int[_nodes];
            _iter = new int[_nodes];
            _queue = new int[_nodes];
        }
        long total = 0;
        while (BuildLevels(source, sink))
        {
            for (int i = 0; i < _nodes; i++)
                _iter[i] = _head[i];
            long pushed;
            while ((pushed = Push(source, sink, long.MaxValue)) > 0)
                total += pushed;
        }
        return total;
    }

    private bool BuildLevels(int source, int sink)
    {
        Array.Fill(_level, -1, 0, _nodes);
        int qh = 0, qt = 0;
        _queue[qt++] = source;
        _level[source] = 0;
        while (qh < qt)
        {
            int v = _queue[qh++];
            // Nodes at or beyond the sink's level cannot be on a shortest augmenting path.
            if (_level[sink] >= 0 && _level[v] >= _level[sink])
                break;
            for (int e = _head[v]; e >= 0; e = _next[e])
            {
                if (_cap[e] > 0 && _level[_to[e]] < 0)
                {
                    _level[_to[e]] = _level[v] + 1;
                    _queue[qt++] = _to[e];
                }
            }
        }
        return _level[sink] >= 0;
    }

    private long Push(int v, int sink, long limit)
    {
        if (v == sink)
            return limit;
        for (; _iter[v] >= 0; _iter[v] = _next[_iter[v]])
        {
            int e = _iter[v];
            int w = _to[e];
            if (_cap[e] <= 0 || _level[w] != _level[v] + 1)
                continue;
            long d = Push(w, sink, Math.Min(limit, _cap[e]));
            if (d > 0)
            {
                _cap[e] -= d;
                _cap[e ^ 1] += d;
                return d;
            }
        }
        return 0;
    }
}
