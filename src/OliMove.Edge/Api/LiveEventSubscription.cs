using System.Threading.Channels;

namespace OliMove.Edge.Api;

/// <summary>One client's queue of events. Bounded: a client that does not read loses its oldest events, never the service's memory.</summary>
public sealed class LiveEventSubscription(Action<LiveEventSubscription> unsubscribe) : IDisposable
{
    private readonly Channel<ServerSentEvent> _events = Channel.CreateBounded<ServerSentEvent>(new BoundedChannelOptions(256)
    {
        FullMode = BoundedChannelFullMode.DropOldest,
        SingleReader = true,
    });

    public ChannelReader<ServerSentEvent> Reader => _events.Reader;

    internal void Offer(ServerSentEvent e) => _events.Writer.TryWrite(e);

    public void Dispose()
    {
        _events.Writer.TryComplete();
        unsubscribe(this);
    }
}
