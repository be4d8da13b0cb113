using System.Threading.Channels;

namespace OliMove.Edge.Planning;

/// <summary>
/// Events ask for a re-plan of the one group they touch (a car plugs in, a request is accepted, a transaction
/// stops, a charger reconnects, measured power leaves the plan). The slot loop drains these between slots.
/// </summary>
public sealed class ReplanSignal
{
    private readonly Channel<string> _groups = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });

    public void Request(string groupId) => _groups.Writer.TryWrite(groupId);

    public ValueTask<bool> WaitAsync(CancellationToken ct) => _groups.Reader.WaitToReadAsync(ct);

    /// <summary>Every group asked for since the last drain, once each, in a stable order.</summary>
    public IReadOnlyList<string> Drain()
    {
        var groups = new SortedSet<string>(StringComparer.Ordinal);
        while (_groups.Reader.TryRead(out var g))
        {
            groups.Add(g);
        }

        return [.. groups];
    }
}
