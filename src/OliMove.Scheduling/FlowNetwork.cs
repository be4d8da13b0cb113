using System.Buffers;

namespace OliMove.Scheduling;

/// <summary>
/// A directed network with integer capacities and Dinic's max-flow. It is incremental: arcs may be added after a
/// call to <see cref="Augment"/>, and the next call continues from the current flow. Augmenting paths never
/// traverse the sink or re-enter the source, so flow already on a source arc or a sink arc never decreases; the
/// allocator relies on that to get lexicographic priorities (late slots first, accepted sessions first) from
/// successive calls. Arc and node order are fixed by the caller, so the result is deterministic.
/// <para>Its arrays come from <see cref="ArrayPool{T}.Shared"/> and go back on <see cref="Dispose"/>: a 500-session
/// group's network is several hundred kB per array, and allocating them anew for every max-flow of every plan made
/// the garbage collector's large-object collections a good part of a plan's time (docs/bench/scheduling.md). Only
/// entries this network wrote are ever read, so what a rented array held before changes nothing.</para>
/// </summary>
internal sealed class FlowNetwork : IDisposable
{
    private int[] _head;
    /// <summary>Per arc: its head, the next arc of its tail and its residual capacity, side by side, because a phase
    /// reads the three together for every arc it scans (one cache line instead of three arrays).</summary>
    private Arc[] _arc;
    private long[] _original;
    private int _arcs;
    private readonly int _nodes;
    private int[] _level = [];
    private int[] _iter = [];
    private int[] _queue = [];
    /// <summary>Per node: its level where the last pruning found it on a shortest path to the sink, else -1.</summary>
    private int[] _alive = [];
    /// <summary>The nodes the last pruning set in <see cref="_alive"/> (the first <see cref="_aliveCount"/>).</summary>
    private int[] _aliveQueue = [];
    private int _aliveCount;
    /// <summary>Set once a phase of this network's depth-first searches backed out of more dead ends than
    /// <see cref="DeadEndsPerPath"/> per path: from then on every phase prunes its level network first.</summary>
    private bool _prune;
    private int[] _path = [];
    private bool[] _seen = [];
    /// <summary>How many nodes the last level search put in <see cref="_queue"/>: the only ones whose level is set.</summary>
    private int _leveled;
    /// <summary>The source of the last <see cref="Augment"/> while nothing has changed since (else -1): its last level
    /// search found no path, so the nodes it leveled are exactly those reachable from that source.</summary>
    private int _exhaustedFrom = -1;

    /// <param name="nodes">Node count (fixed).</param>
    /// <param name="arcsHint">Expected number of arcs, to allocate once.</param>
    public FlowNetwork(int nodes, int arcsHint = 32)
    {
        _nodes = nodes;
        int size = Math.Max(64, 2 * arcsHint);
        _arc = ArrayPool<Arc>.Shared.Rent(size);
        _original = ArrayPool<long>.Shared.Rent(size);
        _head = ArrayPool<int>.Shared.Rent(Math.Max(nodes, 1));
        Array.Fill(_head, -1, 0, Math.Max(nodes, 1));
    }

    /// <summary>Gives the arrays back to the pool; the network must not be used after.</summary>
    public void Dispose()
    {
        Return(ref _head);
        Return(ref _arc);
        Return(ref _level);
        Return(ref _iter);
        Return(ref _queue);
        Return(ref _alive);
        Return(ref _aliveQueue);
        Return(ref _path);
        Return(ref _original);
        if (_seen.Length > 0)
            ArrayPool<bool>.Shared.Return(_seen);
        _seen = [];
    }

    private static void Return<T>(ref T[] array)
    {
        if (array.Length > 0)
            ArrayPool<T>.Shared.Return(array);
        array = [];
    }

    public int NodeCount => _nodes;

    /// <summary>Adds an arc and returns its id; its reverse is id ^ 1.</summary>
    public int AddArc(int from, int to, long capacity)
    {
        if (_arcs + 2 > _arc.Length || _arcs + 2 > _original.Length)
        {
            int size = Math.Min(_arc.Length, _original.Length) * 2;
            Grow(ref _arc, size);
            Grow(ref _original, size);
        }
        _exhaustedFrom = -1;
        int id = _arcs;
        _arc[id] = new Arc(to, _head[from], capacity);
        _original[id] = capacity;
        _head[from] = id;
        _arc[id + 1] = new Arc(from, _head[to], 0);
        _original[id + 1] = 0;
        _head[to] = id + 1;
        _arcs += 2;
        return id;
    }

    private void Grow<T>(ref T[] array, int size)
    {
        var larger = ArrayPool<T>.Shared.Rent(size);
        Array.Copy(array, larger, _arcs);
        ArrayPool<T>.Shared.Return(array);
        array = larger;
    }

    /// <summary>Flow currently on an arc.</summary>
    public long Flow(int arc) => _original[arc] - _arc[arc].Cap;

    /// <summary>
    /// Sets an arc's capacity (never below what it carries); the next <see cref="Augment"/> continues from the
    /// current flow, so a search over a rising limit pays only for the extra flow each step finds.
    /// </summary>
    public void SetCapacity(int arc, long capacity)
    {
        if (capacity < Flow(arc))
            throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "an arc's capacity cannot go below the flow it carries");
        _exhaustedFrom = -1;
        _arc[arc].Cap += capacity - _original[arc];
        _original[arc] = capacity;
    }

    /// <summary>Pushes the bottleneck of a path given as its arcs (each the next's tail's arc), 0 if an arc is full.</summary>
    public long PushAlong(ReadOnlySpan<int> arcs)
    {
        long d = long.MaxValue;
        foreach (int e in arcs)
            d = Math.Min(d, _arc[e].Cap);
        if (d <= 0)
            return 0;
        _exhaustedFrom = -1;
        foreach (int e in arcs)
        {
            _arc[e].Cap -= d;
            _arc[e ^ 1].Cap += d;
        }
        return d;
    }

    /// <summary>
    /// The nodes reachable from the source over arcs with residual capacity: after a max-flow, the source side of
    /// the minimum cut that is smallest (every arc leaving it is saturated), the same for every maximum flow. The
    /// array is this network's own, valid until the next call; read its first <see cref="NodeCount"/> entries.
    /// </summary>
    public bool[] ReachableFrom(int source)
    {
        if (_seen.Length < _nodes)
        {
            if (_seen.Length > 0)
                ArrayPool<bool>.Shared.Return(_seen);
            _seen = ArrayPool<bool>.Shared.Rent(_nodes);
        }
        EnsureScratch();
        var seen = _seen;
        Array.Clear(seen, 0, _nodes);
        if (_exhaustedFrom == source)
        {
            // The max-flow's own last search already walked the residual network from this source.
            for (int i = 0; i < _leveled; i++)
                seen[_queue[i]] = true;
            return seen;
        }
        ClearLevels();
        var queue = _queue;
        int qh = 0, qt = 0;
        queue[qt++] = source;
        seen[source] = true;
        while (qh < qt)
        {
            int v = queue[qh++];
            for (int e = _head[v]; e >= 0; e = _arc[e].Next)
            {
                if (_arc[e].Cap > 0 && !seen[_arc[e].To])
                {
                    seen[_arc[e].To] = true;
                    queue[qt++] = _arc[e].To;
                }
            }
        }
        return seen;
    }

    private void EnsureScratch()
    {
        if (_level.Length >= _nodes)
            return;
        Return(ref _level);
        Return(ref _iter);
        Return(ref _queue);
        Return(ref _alive);
        Return(ref _aliveQueue);
        Return(ref _path);
        _level = ArrayPool<int>.Shared.Rent(_nodes);
        _iter = ArrayPool<int>.Shared.Rent(_nodes);
        _queue = ArrayPool<int>.Shared.Rent(_nodes);
        _alive = ArrayPool<int>.Shared.Rent(_nodes);
        _aliveQueue = ArrayPool<int>.Shared.Rent(_nodes);
        _path = ArrayPool<int>.Shared.Rent(_nodes);
        // Every level is -1 but those the last level search set (the first _leveled nodes of _queue), which the next
        // resets; the same for the last pruning (the first _aliveCount nodes of _aliveQueue).
        Array.Fill(_level, -1, 0, _nodes);
        Array.Fill(_alive, -1, 0, _nodes);
        _leveled = 0;
        _aliveCount = 0;
    }

    /// <summary>Pushes as much more flow as possible from source to sink; returns the amount added.</summary>
    /// <remarks>
    /// Dinic's algorithm: a breadth-first search levels the residual network, then depth-first searches push one
    /// shortest path at a time, each from the source, trying a node's arcs newest first and never trying again an
    /// arc that led nowhere in this phase. The depth-first search keeps its path in an array instead of the call
    /// stack, and the level search touches only the nodes it reaches (not every node of the network), which is
    /// what a phase costs when most of a large network is out of reach; the paths found, and so every flow, are
    /// those of the recursive form it replaced (decision 0360).
    /// <para>Each path is the first in that arc order among the shortest paths left in the phase, whatever else the
    /// level network holds. Where most of it leads nowhere (long paths through a congested network, as under a
    /// demand cap), the depth-first searches spent most of their time backing out of dead ends; such a network
    /// first keeps, per phase, only the nodes from which the sink is reached along rising levels
    /// (<see cref="PruneToShortestPaths"/>): no path is lost, none is added, so the same paths are found, without
    /// the dead ends (decision 0381).</para>
    /// </remarks>
    public long Augment(int source, int sink)
    {
        EnsureScratch();
        long total = 0;
        while (BuildLevels(source, sink))
        {
            var level = _prune ? PruneToShortestPaths(source, sink) : _level;
            int paths = 0, deadEnds = 0;
            long pushed;
            while ((pushed = PushPath(source, sink, level, ref deadEnds)) > 0)
            {
                total += pushed;
                paths++;
            }
            if (deadEnds > DeadEndsPerPath * paths + DeadEndsPerPath)
                _prune = true;
        }
        // The levels stay until the next search: they are the residual network's reach (ReachableFrom).
        _exhaustedFrom = source;
        return total;
    }

    /// <summary>
    /// Dead ends per path from which a network prunes its level networks: measured on the 500-session plan, the
    /// placement by cost level under a demand cap backs out of 80–160 per path and the cap search of hundreds, while
    /// the plan without signals backs out of fewer than 2, where pruning would cost more than it saves
    /// (decision 0381).
    /// </summary>
    private const int DeadEndsPerPath = 4;

    /// <summary>
    /// The level network cut to the nodes on a shortest path from the source to the sink: a breadth-first search
    /// back from the sink that steps from a node only to the nodes one level below it with an arc into it that has
    /// residual capacity. Returns the levels to search by (<see cref="_alive"/>): a node's level where it is on such
    /// a path, -1 elsewhere. Every shortest path keeps all its nodes, so the depth-first search finds the same paths.
    /// </summary>
    private int[] PruneToShortestPaths(int source, int sink)
    {
        var arcs = _arc;
        for (int i = 0; i < _aliveCount; i++)
            _alive[_aliveQueue[i]] = -1;
        int head = 0, tail = 0;
        _aliveQueue[tail++] = sink;
        _alive[sink] = _level[sink];
        // Levels fall by one towards the source, so once the source is found every node above it already is.
        while (head < tail && _alive[source] < 0)
        {
            int w = _aliveQueue[head++];
            int below = _level[w] - 1;
            for (int e = _head[w]; e >= 0; e = arcs[e].Next)
            {
                // e runs w → v; its reverse v → w is the arc a path would take into w.
                int v = arcs[e].To;
                if (_level[v] == below && _alive[v] < 0 && arcs[e ^ 1].Cap > 0)
                {
                    _alive[v] = below;
                    _aliveQueue[tail++] = v;
                }
            }
        }
        _aliveCount = tail;
        return _alive;
    }

    private void ClearLevels()
    {
        for (int i = 0; i < _leveled; i++)
            _level[_queue[i]] = -1;
        _leveled = 0;
    }

    /// <summary>Levels the nodes by distance from the source over arcs with residual capacity, as far as the sink's
    /// level; every node it reaches starts its next depth-first search at its newest arc.</summary>
    private bool BuildLevels(int source, int sink)
    {
        ClearLevels();
        int qh = 0, qt = 0;
        _queue[qt++] = source;
        _level[source] = 0;
        _iter[source] = _head[source];
        // Once the sink is leveled every node closer to the source is too (levels are set in the order they rise),
        // and nodes at the sink's level or beyond cannot be on a shortest augmenting path.
        while (qh < qt && _level[sink] < 0)
        {
            int v = _queue[qh++];
            for (int e = _head[v]; e >= 0; e = _arc[e].Next)
            {
                int w = _arc[e].To;
                if (_arc[e].Cap > 0 && _level[w] < 0)
                {
                    _level[w] = _level[v] + 1;
                    _iter[w] = _head[w];
                    _queue[qt++] = w;
                    if (w == sink)
                        break;
                }
            }
        }
        _leveled = qt;
        return _level[sink] >= 0;
    }

    /// <summary>
    /// One augmenting path in the level network, found depth first from the source (arcs in <see cref="_iter"/>
    /// order), and its bottleneck pushed along it; 0 when there is none left in this phase. A node whose arcs all
    /// lead nowhere is left, and the arc that led to it is skipped from then on in this phase.
    /// </summary>
    private long PushPath(int source, int sink, int[] level, ref int deadEnds)
    {
        int depth = 0;
        int v = source;
        while (true)
        {
            if (v == sink)
            {
                long d = long.MaxValue;
                for (int k = 0; k < depth; k++)
                    d = Math.Min(d, _arc[_path[k]].Cap);
                for (int k = 0; k < depth; k++)
                {
                    int e = _path[k];
                    _arc[e].Cap -= d;
                    _arc[e ^ 1].Cap += d;
                }
                return d;
            }
            int next = level[v] + 1;
            int a = _iter[v];
            while (a >= 0 && (_arc[a].Cap <= 0 || level[_arc[a].To] != next))
                a = _arc[a].Next;
            _iter[v] = a;
            if (a >= 0)
            {
                _path[depth++] = a;
                v = _arc[a].To;
                continue;
            }
            if (depth == 0)
                return 0;
            deadEnds++;
            // A dead end: back to the node before it, past the arc that led here.
            int back = _path[--depth];
            v = _arc[back ^ 1].To;
            _iter[v] = _arc[back].Next;
        }
    }

    private struct Arc(int to, int next, long cap)
    {
        public readonly int To = to;
        public readonly int Next = next;
        public long Cap = cap;
    }
}
