using System.Threading.Channels;

namespace OliMove.Edge.Planning;

/// <summary>
/// Events ask for a re-plan of the one group they touch (a car plugs in, a request is accepted, a transaction
/// stops, a charger reconnects, measured power leaves the plan). The slot loop drains these between slots. A group
/// asked for again before the loop drained it is marked once: however many events come while a re-plan runs, one
/// re-plan follows, and it reads the state they left (decision 0375).
/// </summary>
public sealed class ReplanSignal
{
    private readonly Lock _lock = new();
    private SortedSet<string> _dirty = new(StringComparer.Ordinal);
    private long _requests;

    // A wake-up, not a queue: at most one is pending, whatever the number of events since the last drain.
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1)
    {
        FullMode = BoundedChannelFullMode.DropWrite,
        SingleReader = true,
    });

    /// <summary>Requests made since the service started, each counted however many of them one re-plan covers.</summary>
    public long Requests
    {
        get
        {
            lock (_lock)
            {
                return _requests;
            }
        }
    }

    /// <summary>Whether a re-plan of <paramref name="groupId"/> is asked for and its round has not yet begun.</summary>
    public bool IsAsked(string groupId)
    {
        lock (_lock)
        {
            return _dirty.Contains(groupId);
        }
    }

    public void Request(string groupId)
    {
        lock (_lock)
        {
            _dirty.Add(groupId);
            _requests++;
        }

        // Marked before the wake-up is written, so a drain that the wake-up triggers sees the group.
        _wake.Writer.TryWrite(true);
    }

    public ValueTask<bool> WaitAsync(CancellationToken ct) => _wake.Reader.WaitToReadAsync(ct);

    /// <summary>Every group asked for since the last drain, once each, in a stable order.</summary>
    public IReadOnlyList<string> Drain()
    {
        // The wake-up is taken before the groups: a request that lands in between leaves a wake-up for its own group.
        _wake.Reader.TryRead(out _);
        SortedSet<string> dirty;
        lock (_lock)
        {
            if (_dirty.Count == 0)
            {
                return [];
            }

            dirty = _dirty;
            _dirty = new SortedSet<string>(StringComparer.Ordinal);
        }

        return [.. dirty];
    }
}
