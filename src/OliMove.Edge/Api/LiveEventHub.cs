using System.Collections.Concurrent;
using System.Text.Json;
using OliMove.Edge.Live;

namespace OliMove.Edge.Api;

/// <summary>
/// Fans live changes out to the SSE clients. A change marks its charge point dirty; one loop builds each dirty
/// charge point's view once (not once per client) and the groups' view, and offers them to every subscriber.
/// Every five seconds the groups are sent anyway, so plan changes and the data age show without an event.
/// </summary>
public sealed class LiveEventHub(LiveSiteState live, SiteStatusReader reader, TimeProvider time, ILogger<LiveEventHub> logger) : BackgroundService
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private static readonly TimeSpan GroupsEvery = TimeSpan.FromSeconds(5);
    private readonly ConcurrentDictionary<LiveEventSubscription, byte> _subscribers = new();
    private readonly ConcurrentDictionary<string, byte> _dirty = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _wake = new(0);

    public int SubscriberCount => _subscribers.Count;

    public LiveEventSubscription Subscribe()
    {
        var subscription = new LiveEventSubscription(s => _subscribers.TryRemove(s, out _));
        _subscribers[subscription] = 0;
        return subscription;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        live.Changed += OnChanged;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                var woken = _wake.WaitAsync(timeout.Token);
                var tick = Task.Delay(GroupsEvery, time, timeout.Token);
                await Task.WhenAny(woken, tick);
                await timeout.CancelAsync();
                stoppingToken.ThrowIfCancellationRequested();
                try
                {
                    await PublishAsync(stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogError(ex, "Live events could not be built");
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            live.Changed -= OnChanged;
        }
    }

    private void OnChanged(string chargePointId)
    {
        if (_subscribers.IsEmpty)
        {
            // Nobody to tell (PublishAsync would drop it): runs on every MeterValues, so the loop is not woken for nothing.
            return;
        }

        _dirty[chargePointId] = 0;
        if (_wake.CurrentCount == 0)
        {
            _wake.Release();
        }
    }

    private async Task PublishAsync(CancellationToken ct)
    {
        if (_subscribers.IsEmpty)
        {
            _dirty.Clear();
            return;
        }

        foreach (var id in _dirty.Keys)
        {
            _dirty.TryRemove(id, out _);
            if (await reader.ChargePointAsync(id, ct) is { } view)
            {
                Broadcast(new ServerSentEvent("chargePoint", JsonSerializer.Serialize(view, Json), id));
            }
        }

        Broadcast(new ServerSentEvent("groups", JsonSerializer.Serialize(new { at = time.GetUtcNow(), groups = reader.Groups() }, Json), null));
    }

    private void Broadcast(ServerSentEvent e)
    {
        foreach (var subscriber in _subscribers.Keys)
        {
            subscriber.Offer(e);
        }
    }
}
