using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace OliMove.Bench.UpstreamLoad;

/// <summary>
/// One charger of the driver: a bare WebSocket that speaks just enough OCPP-J to stay light at 1,000 per process.
/// Its own CALLs go one at a time (OCPP-J §4.1.1); CALLs from the edge (post-boot configuration, the plan's
/// charging profiles) are answered at once with a schema-valid Accepted, so the edge never waits on the driver.
/// </summary>
public sealed class BareCharger(string chargePointId) : IAsyncDisposable
{
    private readonly ClientWebSocket _socket = new();
    private readonly SemaphoreSlim _send = new(1, 1);
    private readonly ConcurrentDictionary<string, TaskCompletionSource<string>> _pending = new(StringComparer.Ordinal);
    private Task? _reader;
    private long _next;

    public string Id { get; } = chargePointId;

    public async Task ConnectAndBootAsync(Uri ocppBase, CancellationToken ct)
    {
        _socket.Options.AddSubProtocol("ocpp1.6");
        _socket.Options.SetBuffer(4096, 4096);
        _socket.Options.KeepAliveInterval = TimeSpan.Zero;
        await _socket.ConnectAsync(new Uri(ocppBase.ToString().TrimEnd('/') + "/" + Id), ct);
        _reader = Task.Run(ReadAsync, CancellationToken.None);
        await CallAsync("BootNotification", """{"chargePointVendor":"OliMove","chargePointModel":"UpstreamLoad"}""", ct);
        await CallAsync("StatusNotification", """{"connectorId":1,"errorCode":"NoError","status":"Available"}""", ct);
    }

    /// <summary>Sends one CALL and returns its CALLRESULT payload; a CALLERROR throws.</summary>
    public async Task<string> CallAsync(string action, string payload, CancellationToken ct)
    {
        var id = Interlocked.Increment(ref _next).ToString(CultureInfo.InvariantCulture);
        var reply = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = reply;
        await SendAsync($"[2,\"{id}\",\"{action}\",{payload}]", ct);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        using var registration = timeout.Token.Register(() => reply.TrySetCanceled());
        try
        {
            return await reply.Task;
        }
        finally
        {
            _pending.TryRemove(id, out _);
        }
    }

    /// <summary>Round trip of one CALL in ms, counted from <paramref name="scheduled"/> (a Stopwatch timestamp), so
    /// a late send is charged to the server (no coordinated omission).</summary>
    public async Task<double> TimedCallAsync(string action, string payload, long scheduled, CancellationToken ct)
    {
        await CallAsync(action, payload, ct);
        return Stopwatch.GetElapsedTime(scheduled).TotalMilliseconds;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_socket.State == WebSocketState.Open)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "", timeout.Token);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
            // The edge may already be gone at the end of a run.
        }
        _socket.Dispose();
        if (_reader is not null)
        {
            await _reader;
        }
    }

    private async Task SendAsync(string frame, CancellationToken ct)
    {
        await _send.WaitAsync(ct);
        try
        {
            await _socket.SendAsync(Encoding.UTF8.GetBytes(frame), WebSocketMessageType.Text, true, ct);
        }
        finally
        {
            _send.Release();
        }
    }

    private async Task ReadAsync()
    {
        var buffer = new byte[16384];
        try
        {
            while (_socket.State == WebSocketState.Open)
            {
                var count = 0;
                ValueWebSocketReceiveResult result;
                do
                {
                    if (count == buffer.Length)
                    {
                        Array.Resize(ref buffer, buffer.Length * 2);
                    }
                    result = await _socket.ReceiveAsync(buffer.AsMemory(count), CancellationToken.None);
                    count += result.Count;
                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        return;
                    }
                }
                while (!result.EndOfMessage);
                await HandleAsync(buffer.AsMemory(0, count));
            }
        }
        catch (Exception e) when (e is WebSocketException or ObjectDisposedException or OperationCanceledException)
        {
            // Closed; pending CALLs fail by their timeout.
        }
        finally
        {
            foreach (var pending in _pending.Values)
            {
                pending.TrySetException(new WebSocketException($"{Id}: connection closed"));
            }
        }
    }

    private async Task HandleAsync(ReadOnlyMemory<byte> frame)
    {
        using var json = JsonDocument.Parse(frame);
        var root = json.RootElement;
        var type = root[0].GetInt32();
        var id = root[1].GetString()!;
        if (type == 2)
        {
            await SendAsync(Answer(id, root[2].GetString()!), CancellationToken.None);
        }
        else if (_pending.TryGetValue(id, out var reply))
        {
            if (type == 3)
            {
                reply.TrySetResult(root[2].GetRawText());
            }
            else
            {
                reply.TrySetException(new InvalidOperationException($"{Id}: CALLERROR {root.GetRawText()}"));
            }
        }
    }

    private static string Answer(string id, string action) => action switch
    {
        "ChangeConfiguration" or "SetChargingProfile" or "ClearChargingProfile" or "RemoteStartTransaction"
            or "RemoteStopTransaction" or "ChangeAvailability" or "Reset" or "UnlockConnector" or "TriggerMessage"
            or "ClearCache" or "CancelReservation" or "ReserveNow" => $"[3,\"{id}\",{{\"status\":\"Accepted\"}}]",
        "GetConfiguration" => $"[3,\"{id}\",{{\"configurationKey\":[]}}]",
        "GetCompositeSchedule" => $"[3,\"{id}\",{{\"status\":\"Rejected\"}}]",
        _ => $"[4,\"{id}\",\"NotImplemented\",\"\",{{}}]",
    };
}
