using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;

namespace OliMove.Edge.ReliabilityTests;

/// <summary>
/// A charge point reduced to its socket: it sends exactly the frames a test writes and answers the central
/// system's CALLs only as the test says — so it can stay silent, refuse everything, or send garbage.
/// </summary>
public sealed class RawOcppClient : IAsyncDisposable
{
    private readonly ClientWebSocket _socket = new();
    private int _nextId;

    public WebSocketState State => _socket.State;

    public ClientWebSocket Socket => _socket;

    public static async Task<RawOcppClient> ConnectAsync(Uri ocppBase, string chargePointId, string? key, Action<ClientWebSocketOptions>? configure = null)
    {
        var client = new RawOcppClient();
        client._socket.Options.AddSubProtocol("ocpp1.6");
        if (key is not null)
        {
            client._socket.Options.SetRequestHeader("Authorization", "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{chargePointId}:{key}")));
        }

        configure?.Invoke(client._socket.Options);
        // The handshake checks the key with PBKDF2 behind a gate of a few slots (decision 0247): on a loaded machine the
        // first connections of a fresh service took over 20 s in CI's parallel suite. The deadline bounds a refusal
        // that never comes, it does not time the handshake.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await client._socket.ConnectAsync(new Uri(ocppBase.ToString().TrimEnd('/') + "/" + Uri.EscapeDataString(chargePointId)), timeout.Token);
        return client;
    }

    public async Task SendTextAsync(string text)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await _socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, timeout.Token);
    }

    /// <summary>The next text frame, or null when the socket closed or nothing came within <paramref name="wait"/>
    /// (a cancelled receive aborts a ClientWebSocket, so the wait should be the test's patience, not a poll).</summary>
    public async Task<string?> ReceiveTextAsync(TimeSpan wait, CancellationToken ct = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(wait);
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        try
        {
            while (true)
            {
                var result = await _socket.ReceiveAsync(buffer, timeout.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return null;
                }

                message.Write(buffer, 0, result.Count);
                if (result.EndOfMessage)
                {
                    return Encoding.UTF8.GetString(message.ToArray());
                }
            }
        }
        catch (OperationCanceledException)
        {
            return null;
        }
        catch (WebSocketException)
        {
            return null;
        }
    }

    /// <summary>Sends a CALL and returns the reply frame (CALLRESULT or CALLERROR) with its id, skipping CALLs in between.</summary>
    public async Task<JsonArray?> CallAsync(string action, JsonObject payload, Func<JsonArray, Task>? onIncomingCall = null)
    {
        var id = $"raw-{Interlocked.Increment(ref _nextId)}";
        await SendTextAsync(new JsonArray(2, id, action, payload).ToJsonString());
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            var frame = await ReceiveTextAsync(TimeSpan.FromSeconds(20));
            if (frame is null)
            {
                return null;
            }

            var array = JsonNode.Parse(frame)!.AsArray();
            if (array[0]!.GetValue<int>() == 2)
            {
                if (onIncomingCall is not null)
                {
                    await onIncomingCall(array);
                }

                continue;
            }

            if (array[1]!.GetValue<string>() == id)
            {
                return array;
            }
        }

        return null;
    }

    public Task<JsonArray?> BootAsync() =>
        CallAsync("BootNotification", new JsonObject { ["chargePointVendor"] = "Raw", ["chargePointModel"] = "Socket" });

    /// <summary>Answers every CALL from the central system with <paramref name="reply"/>(action), or not at all when it returns null, until cancelled.</summary>
    public async Task AnswerCallsAsync(Func<string, JsonObject?> reply, List<string> received, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested && _socket.State == WebSocketState.Open)
        {
            var frame = await ReceiveTextAsync(Timeout.InfiniteTimeSpan, ct);
            if (frame is null)
            {
                return;
            }

            var array = JsonNode.Parse(frame)!.AsArray();
            if (array[0]!.GetValue<int>() != 2)
            {
                continue;
            }

            var action = array[2]!.GetValue<string>();
            lock (received)
            {
                received.Add(action);
            }

            if (reply(action) is { } payload)
            {
                await SendTextAsync(new JsonArray(3, array[1]!.GetValue<string>(), payload).ToJsonString());
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", timeout.Token);
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException)
            {
            }
        }

        _socket.Dispose();
    }
}
