using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Threading.Channels;
using Newtonsoft.Json.Linq;
using OliMove.Ocpp.Client;
using OliMove.Ocpp.Framing;
using OliMove.Ocpp.Messages;
using OliMove.Ocpp.Routing;
using OliMove.Ocpp.Rpc;
using OliMove.Storage;

namespace OliMove.Edge.Upstream;

/// <summary>
/// One charger's connection to the CPO's backend, in the charger's identity. Kept up with back-off while the
/// charger is connected to the edge. On each (re)connect it sends the charger's last BootNotification and the
/// latest status of each connector (OCPP 1.6 §4.9: statuses are not queued), then the durable queue of
/// transaction messages in order, interleaved with live messages (Authorize, Heartbeat, ...), one CALL at a
/// time (OCPP-J §4.1.1). A transaction message is kept until the backend accepts it; live messages the backend
/// does not take are dropped.
/// </summary>
public sealed class UpstreamLink
{
    private readonly string? _key;
    private readonly UpstreamLinkSettings _settings;
    private readonly OcppClientConnector _connector;
    private readonly Func<OcppRouteTable> _routes;
    private readonly UpstreamQueueRepository _queue;
    private readonly UpstreamTransactionRepository _transactions;
    private readonly Func<JObject, Task> _onIdTagInfo;
    private readonly TimeProvider _time;
    private readonly UpstreamLinkLog _log;
    private readonly Channel<LiveCall> _live = Channel.CreateUnbounded<LiveCall>();
    private readonly ConcurrentDictionary<long, TaskCompletionSource<JObject>> _deliveries = new();
    private readonly ConcurrentDictionary<long, JObject> _unclaimed = new();
    private readonly ConcurrentDictionary<int, JObject> _statuses = new();
    private TaskCompletionSource _pulse = NewPulse();
    private volatile JObject? _boot;
    private volatile OcppRpcConnection? _connection;
    private volatile string? _lastError;
    private DateTimeOffset _since;
    private bool _reportedConnected;
    private bool _reportedOnce;
    private int _queued;
    private long _callErrors;
    private long _invalidPayloads;
    private long _timeouts;
    private long _dropped;

    public UpstreamLink(string chargePointId, string? key, UpstreamLinkSettings settings, OcppClientConnector connector,
        Func<OcppRouteTable> routes, UpstreamQueueRepository queue, UpstreamTransactionRepository transactions,
        Func<JObject, Task> onIdTagInfo, TimeProvider time, UpstreamLinkLog log)
    {
        ChargePointId = chargePointId;
        _key = key;
        _settings = settings;
        _connector = connector;
        _routes = routes;
        _queue = queue;
        _transactions = transactions;
        _onIdTagInfo = onIdTagInfo;
        _time = time;
        _log = log;
        _since = time.GetUtcNow();
    }

    public string ChargePointId { get; }

    public bool IsConnected => _connection?.IsOpen ?? false;

    public UpstreamLinkState State => new(IsConnected, _since, Volatile.Read(ref _queued), _lastError,
        new UpstreamLinkCounters(Interlocked.Read(ref _callErrors), Interlocked.Read(ref _invalidPayloads),
            Interlocked.Read(ref _timeouts), Interlocked.Read(ref _dropped)));

    /// <summary>Connects, serves, reconnects with back-off, until <paramref name="ct"/> (the charger left).</summary>
    public async Task RunAsync(CancellationToken ct)
    {
        var backoff = _settings.ReconnectMin;
        _queued = await _queue.CountPendingAsync(ChargePointId, ct);
        // Each pass: connect, serve until the connection ends, wait the back-off.
        while (!ct.IsCancellationRequested)
        {
            OcppRpcConnection? connection = null;
            try
            {
                connection = await _connector.ConnectAsync(_settings.Client, ChargePointId, _key, _routes(), ct);
                _connection = connection;
                backoff = _settings.ReconnectMin;
                SetState(connected: true, error: null);
                using var session = CancellationTokenSource.CreateLinkedTokenSource(ct);
                var reader = connection.RunAsync(session.Token);
                var sender = SendLoopAsync(connection, session.Token);
                await Task.WhenAny(reader, sender);
                await session.CancelAsync();
                await SwallowAsync(sender);
                await SwallowAsync(reader);
                if (!ct.IsCancellationRequested)
                {
                    SetState(connected: false, error: "the backend closed the connection");
                }
            }
            catch (OcppClientConnectException e)
            {
                SetState(connected: false, error: e.Message);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e) when (e is OcppConnectionClosedException or WebSocketException)
            {
                SetState(connected: false, error: e.Message);
            }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                // E.g. the database refused a write: the queue is intact; reconnect and try again after the back-off.
                _log.OnceForKind(ChargePointId, "failure", $"the link failed and reconnects: {e.Message}");
                SetState(connected: false, error: e.Message);
            }
            finally
            {
                _connection = null;
                if (connection is not null)
                {
                    await connection.DisposeAsync();
                }
                FailLiveCalls();
            }
            try
            {
                await Task.Delay(backoff, _time, ct);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, _settings.ReconnectMax.Ticks));
        }
        if (_reportedConnected)
        {
            SetState(connected: false, error: null);
        }
    }

    /// <summary>Wakes the sender: a transaction message was queued.</summary>
    public void QueueChanged(int delta)
    {
        Interlocked.Add(ref _queued, delta);
        Volatile.Read(ref _pulse).TrySetResult();
    }

    /// <summary>The backend's answer to queued message <paramref name="queueId"/> if it comes within
    /// <paramref name="bound"/> and the link is up; null otherwise (it is delivered later all the same).</summary>
    public async Task<JObject?> WaitForDeliveryAsync(long queueId, TimeSpan bound, CancellationToken ct)
    {
        if (!IsConnected)
        {
            return null;
        }
        var waiter = _deliveries.GetOrAdd(queueId, _ => new TaskCompletionSource<JObject>(TaskCreationOptions.RunContinuationsAsynchronously));
        // Delivered between the enqueue and this wait: the sender kept the answer.
        if (_unclaimed.TryRemove(queueId, out var early))
        {
            _deliveries.TryRemove(queueId, out _);
            return early;
        }
        Volatile.Read(ref _pulse).TrySetResult();
        try
        {
            return await waiter.Task.WaitAsync(bound, _time, ct);
        }
        catch (TimeoutException)
        {
            return null;
        }
        finally
        {
            _deliveries.TryRemove(queueId, out _);
        }
    }

    /// <summary>Sends a non-transaction message now, if the link is up; its answer within <paramref name="bound"/>
    /// or null (not connected, too slow, CALLERROR or invalid answer: the message is then dropped).</summary>
    public async Task<JObject?> SendLiveAsync(string action, JObject payload, TimeSpan bound, CancellationToken ct)
    {
        if (!IsConnected)
        {
            Interlocked.Increment(ref _dropped);
            return null;
        }
        var call = new LiveCall(action, payload, new TaskCompletionSource<JObject?>(TaskCreationOptions.RunContinuationsAsynchronously));
        await _live.Writer.WriteAsync(call, ct);
        Volatile.Read(ref _pulse).TrySetResult();
        try
        {
            return await call.Answer.Task.WaitAsync(bound, _time, ct);
        }
        catch (TimeoutException)
        {
            return null;
        }
    }

    /// <summary>Sends without waiting for the answer (Heartbeat, StatusNotification): the charger's reply never
    /// waits on the backend for these.</summary>
    public void Post(string action, JObject payload)
    {
        if (!IsConnected)
        {
            return;
        }
        _live.Writer.TryWrite(new LiveCall(action, payload, new TaskCompletionSource<JObject?>(TaskCreationOptions.RunContinuationsAsynchronously)));
        Volatile.Read(ref _pulse).TrySetResult();
    }

    /// <summary>Posts a typed request under the action its type names.</summary>
    public void Post<TRequest, TResponse>(IOcppRequest<TRequest, TResponse> request)
        where TRequest : IOcppRequest<TRequest, TResponse>
        where TResponse : notnull =>
        Post(TRequest.Action, OcppJson.ToPayload(request));

    public void RememberBoot(JObject boot) => _boot = boot;

    public void RememberStatus(int connectorId, JObject status) => _statuses[connectorId] = status;

    private async Task SendLoopAsync(OcppRpcConnection connection, CancellationToken ct)
    {
        // As a charger does after a reconnect: boot first, then where each connector stands, then the backlog.
        if (_boot is { } boot)
        {
            await CallAsync(connection, BootNotificationRequest.Action, boot, ct);
        }
        foreach (var status in _statuses.OrderBy(s => s.Key).Select(s => s.Value))
        {
            await CallAsync(connection, StatusNotificationRequest.Action, status, ct);
        }
        var backlog = new Queue<UpstreamQueueItem>();
        var retryAt = DateTimeOffset.MinValue;
        while (!ct.IsCancellationRequested && connection.IsOpen)
        {
            // Taken before looking for work, so that a signal after the look is not lost.
            var pulse = NewPulse();
            Volatile.Write(ref _pulse, pulse);
            if (_live.Reader.TryRead(out var live))
            {
                live.Answer.TrySetResult(await CallAsync(connection, live.Action, live.Payload, ct));
                continue;
            }
            if (backlog.Count == 0 && _time.GetUtcNow() >= retryAt)
            {
                foreach (var item in await _queue.ListPendingAsync(ChargePointId, 100, ct))
                {
                    backlog.Enqueue(item);
                }
            }
            if (backlog.Count > 0 && _time.GetUtcNow() >= retryAt)
            {
                if (await DeliverAsync(connection, backlog.Peek(), ct))
                {
                    backlog.Dequeue();
                }
                else
                {
                    // The backend refused or ignored it: it stays at the head, tried again after a pause, while
                    // live messages keep flowing.
                    backlog.Clear();
                    retryAt = _time.GetUtcNow() + _settings.ReconnectMin;
                }
                continue;
            }
            var wait = retryAt > _time.GetUtcNow() ? retryAt - _time.GetUtcNow() : TimeSpan.FromMinutes(1);
            await Task.WhenAny(pulse.Task, Task.Delay(wait, _time, ct));
        }
    }

    private async Task<bool> DeliverAsync(OcppRpcConnection connection, UpstreamQueueItem item, CancellationToken ct)
    {
        var payload = JObject.Parse(item.PayloadJson);
        if (item.TransactionId is { } transactionId && item.Action != StartTransactionRequest.Action)
        {
            var link = await _transactions.GetAsync(transactionId, ct);
            if (link?.BackendTransactionId is not { } backendId)
            {
                // Cannot happen in order (its start is ahead in the queue and is delivered first); kept, not guessed.
                _lastError = $"{item.Action} of transaction {transactionId} waits for its start";
                return false;
            }
            payload["transactionId"] = backendId;
        }
        var answer = await CallAsync(connection, item.Action, payload, ct);
        if (answer is null)
        {
            await _queue.RecordFailureAsync(item.Id, _lastError ?? "no answer", ct);
            return false;
        }
        if (item.Action == StartTransactionRequest.Action && item.TransactionId is { } started)
        {
            await _transactions.SetBackendIdAsync(started, answer.Value<int>("transactionId"), ct);
        }
        await _queue.MarkDeliveredAsync(item.Id, _time.GetUtcNow(), ct);
        Interlocked.Decrement(ref _queued);
        if (answer["idTagInfo"] is JObject idTagInfo && payload["idTag"] is { } idTag)
        {
            await _onIdTagInfo(new JObject { ["idTag"] = idTag, ["idTagInfo"] = idTagInfo });
        }
        if (_deliveries.TryGetValue(item.Id, out var waiter))
        {
            waiter.TrySetResult(answer);
        }
        else if (item.CreatedAt > _time.GetUtcNow() - _settings.ReplyBound)
        {
            // Its charger's reply may still be waiting for it (the waiter registers just after the enqueue).
            if (_unclaimed.Count > 1000)
            {
                _unclaimed.Clear();
            }
            _unclaimed[item.Id] = answer;
        }
        return true;
    }

    /// <summary>One CALL; null when the backend answered with a CALLERROR, an invalid payload or not at all
    /// (each counted and logged once per kind per link).</summary>
    private async Task<JObject?> CallAsync(OcppRpcConnection connection, string action, JObject payload, CancellationToken ct)
    {
        try
        {
            return await connection.CallAsync(action, payload, ct);
        }
        catch (OcppInvalidReplyException e)
        {
            Interlocked.Increment(ref _invalidPayloads);
            _lastError = $"{action}: invalid answer ({e.ErrorCode})";
            _log.OnceForKind(ChargePointId, "invalid-payload", $"the backend's answer to {action} breaks its schema: {e.Description}");
        }
        catch (OcppCallErrorException e)
        {
            Interlocked.Increment(ref _callErrors);
            _lastError = $"{action}: CALLERROR {e.ErrorCode}";
            _log.OnceForKind(ChargePointId, "call-error", $"the backend answered {action} with CALLERROR {e.ErrorCode}: {e.Description}");
        }
        catch (OcppCallTimeoutException)
        {
            Interlocked.Increment(ref _timeouts);
            _lastError = $"{action}: no answer within {_settings.Client.Rpc.CallTimeout.TotalSeconds:0.#} s";
            _log.OnceForKind(ChargePointId, "timeout", $"the backend did not answer {action}");
        }
        catch (ArgumentException e)
        {
            // Our own payload breaks its schema (a charger's message the backend would refuse anyway).
            Interlocked.Increment(ref _invalidPayloads);
            _lastError = $"{action}: not sent ({e.Message})";
            _log.OnceForKind(ChargePointId, "invalid-outgoing", $"{action} was not sent: {e.Message}");
        }
        return null;
    }

    private void SetState(bool connected, string? error)
    {
        if (error is not null)
        {
            _lastError = error;
        }
        if (_reportedConnected != connected || !_reportedOnce)
        {
            _reportedOnce = true;
            _reportedConnected = connected;
            _since = _time.GetUtcNow();
            _log.StateChanged(ChargePointId, connected, error);
        }
    }

    private void FailLiveCalls()
    {
        while (_live.Reader.TryRead(out var call))
        {
            Interlocked.Increment(ref _dropped);
            call.Answer.TrySetResult(null);
        }
    }

    private static async Task SwallowAsync(Task task)
    {
        try
        {
            await task;
        }
        catch (Exception e) when (e is OperationCanceledException or OcppConnectionClosedException or WebSocketException)
        {
            // The connection is over; the outer loop reconnects.
        }
    }

    private static TaskCompletionSource NewPulse() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private sealed record LiveCall(string Action, JObject Payload, TaskCompletionSource<JObject?> Answer);
}
