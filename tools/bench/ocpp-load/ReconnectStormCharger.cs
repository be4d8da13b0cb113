using System.Globalization;
using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;

namespace OliMove.Bench.OcppLoad;

/// <summary>
/// One charger of the reconnect storm: a WebSocket with HTTP Basic (security profile 1) that boots and then replays
/// its offline queue as a charger does after a power cut: StartTransaction, MeterValues with the transactionId the
/// central system gave, StopTransaction, in order and one CALL at a time (OCPP-J 1.6 §4.1.1). The central system's
/// own CALLs (configuration after boot, charging profiles) are answered as a compliant charger would, so the server
/// sees a realistic session. A refused handshake with 503 or 429 (key checks busy, decision 0247/0228) is retried
/// after the server's Retry-After, as firmware does.
/// </summary>
public sealed class ReconnectStormCharger(string chargePointId, string authorizationKey) : IAsyncDisposable
{
    /// <summary>Sampled values per queued MeterValues (each becomes one row of meter_values).</summary>
    public const int SamplesPerMeterValues = 3;

    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly Lock _pendingLock = new();
    private ClientWebSocket? _socket;
    private Task? _receiving;
    private TaskCompletionSource<JsonArray>? _pending;
    private string? _pendingId;
    private readonly Dictionary<string, int> _serverCalls = new(StringComparer.Ordinal);
    private long _next;

    public string ChargePointId { get; } = chargePointId;

    /// <summary>Handshakes refused with 503/429 and retried.</summary>
    public int RetriedHandshakes { get; private set; }

    /// <summary>CALLs of ours that got no reply before their deadline or whose connection failed.</summary>
    public int Unanswered { get; private set; }

    /// <summary>Queued messages answered with CALLRESULT.</summary>
    public int Answered { get; private set; }

    /// <summary>CALLs of ours answered with CALLERROR (the replay stops there).</summary>
    public int Refused { get; private set; }

    /// <summary>The last CALLERROR received, for the report.</summary>
    public string? LastRefusal { get; private set; }

    /// <summary>CALLs of the central system answered by this charger.</summary>
    public int ServerCallsAnswered { get; private set; }

    /// <summary>CALLs of the central system answered by this charger so far, per action (a copy).</summary>
    public IReadOnlyDictionary<string, int> ServerCallsByAction()
    {
        lock (_serverCalls)
        {
            return new Dictionary<string, int>(_serverCalls, StringComparer.Ordinal);
        }
    }

    /// <summary>Opens the WebSocket (retrying busy refusals until <paramref name="ct"/> ends).</summary>
    public async Task ConnectAsync(Uri ocppBase, CancellationToken ct)
    {
        while (true)
        {
            var socket = new ClientWebSocket();
            socket.Options.AddSubProtocol("ocpp1.6");
            socket.Options.SetBuffer(4096, 4096);
            socket.Options.KeepAliveInterval = TimeSpan.Zero;
            socket.Options.CollectHttpResponseDetails = true;
            socket.Options.SetRequestHeader("Authorization", "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{ChargePointId}:{authorizationKey}")));
            try
            {
                await socket.ConnectAsync(new Uri(ocppBase.ToString().TrimEnd('/') + "/" + ChargePointId), ct);
                _socket = socket;
                _receiving = ReceiveLoopAsync(socket);
                return;
            }
            catch (WebSocketException) when (socket.HttpStatusCode is HttpStatusCode.ServiceUnavailable or HttpStatusCode.TooManyRequests)
            {
                var wait = socket.HttpResponseHeaders?.TryGetValue("Retry-After", out var values) == true
                    && int.TryParse(values.FirstOrDefault(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds)
                    ? TimeSpan.FromSeconds(seconds)
                    : TimeSpan.FromSeconds(1);
                socket.Dispose();
                RetriedHandshakes++;
                // Spread the retries a little, as a fleet's firmware does, so they do not come back in one burst.
                await Task.Delay(wait + TimeSpan.FromMilliseconds(Random.Shared.Next(500)), ct);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }
    }

    /// <summary>True when the BootNotification was answered in time.</summary>
    public async Task<bool> BootAsync(TimeSpan callTimeout) =>
        await CallAsync("BootNotification", new JsonObject { ["chargePointVendor"] = "OliMove", ["chargePointModel"] = "Storm" }, callTimeout) is not null;

    /// <summary>
    /// Replays a queue of <paramref name="messages"/> (at least 2): StartTransaction at <paramref name="startedAt"/>,
    /// messages − 2 MeterValues one minute apart with the transactionId from the reply, StopTransaction. The idTag
    /// marks the run, so the stored rows can be counted per run. Stops at the first CALL left unanswered.
    /// </summary>
    public async Task ReplayBacklogAsync(int messages, string idTag, DateTimeOffset startedAt, TimeSpan callTimeout)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(messages, 2);
        var meterWh = 100_000L;
        var reply = await CallAsync("StartTransaction", new JsonObject
        {
            ["connectorId"] = 1,
            ["idTag"] = idTag,
            ["meterStart"] = meterWh,
            ["timestamp"] = Stamp(startedAt),
        }, callTimeout);
        if (reply is null)
        {
            return;
        }

        Answered++;
        var transactionId = reply[2]!["transactionId"]!.GetValue<int>();
        for (var i = 1; i <= messages - 2; i++)
        {
            meterWh += 180;
            var at = Stamp(startedAt.AddMinutes(i));
            var sampled = new JsonArray(
                new JsonObject { ["value"] = meterWh.ToString(CultureInfo.InvariantCulture), ["context"] = "Sample.Periodic", ["measurand"] = "Energy.Active.Import.Register", ["unit"] = "Wh" },
                new JsonObject { ["value"] = "11000", ["context"] = "Sample.Periodic", ["measurand"] = "Power.Active.Import", ["unit"] = "W" },
                new JsonObject { ["value"] = "16.0", ["context"] = "Sample.Periodic", ["measurand"] = "Current.Import", ["unit"] = "A" });
            var payload = new JsonObject
            {
                ["connectorId"] = 1,
                ["transactionId"] = transactionId,
                ["meterValue"] = new JsonArray(new JsonObject { ["timestamp"] = at, ["sampledValue"] = sampled }),
            };
            if (await CallAsync("MeterValues", payload, callTimeout) is null)
            {
                return;
            }

            Answered++;
        }

        var stop = new JsonObject
        {
            ["transactionId"] = transactionId,
            ["meterStop"] = meterWh,
            ["timestamp"] = Stamp(startedAt.AddMinutes(messages - 1)),
            ["reason"] = "PowerLoss",
        };
        if (await CallAsync("StopTransaction", stop, callTimeout) is not null)
        {
            Answered++;
        }
    }

    /// <summary>Drops the connection without a close handshake, as a charger losing its power does.</summary>
    public async Task DropAsync()
    {
        if (_socket is { } socket)
        {
            socket.Abort();
            socket.Dispose();
            _socket = null;
            if (_receiving is { } receiving)
            {
                await receiving;
            }
        }
    }

    /// <summary>Closes the connection with the close handshake (bounded by two seconds).</summary>
    public async Task CloseAsync()
    {
        if (_socket is { State: WebSocketState.Open } socket)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "", timeout.Token);
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException)
            {
                // The server may already have gone.
            }
        }

        await DropAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await DropAsync();
        _sendLock.Dispose();
    }

    private static string Stamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>Sends one CALL and waits for its reply; null (and counted unanswered) when none came in time.</summary>
    private async Task<JsonArray?> CallAsync(string action, JsonObject payload, TimeSpan timeout)
    {
        var id = (++_next).ToString(CultureInfo.InvariantCulture);
        var reply = new TaskCompletionSource<JsonArray>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_pendingLock)
        {
            _pendingId = id;
            _pending = reply;
        }

        try
        {
            await SendAsync(new JsonArray(2, id, action, payload).ToJsonString());
            var frame = await reply.Task.WaitAsync(timeout);
            if (frame[0]!.GetValue<int>() == 4)
            {
                Refused++;
                LastRefusal = $"{action}: {frame.ToJsonString()}";
                return null;
            }

            return frame;
        }
        catch (Exception e) when (e is TimeoutException or WebSocketException or ObjectDisposedException or OperationCanceledException)
        {
            Unanswered++;
            return null;
        }
    }

    private async Task SendAsync(string text)
    {
        var socket = _socket ?? throw new WebSocketException("not connected");
        await _sendLock.WaitAsync();
        try
        {
            await socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, CancellationToken.None);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>Reads every frame: replies complete our CALL; the central system's CALLs are answered at once.</summary>
    private async Task ReceiveLoopAsync(ClientWebSocket socket)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while (socket.State == WebSocketState.Open)
            {
                var count = 0;
                ValueWebSocketReceiveResult result;
                do
                {
                    if (count == buffer.Length)
                    {
                        Array.Resize(ref buffer, buffer.Length * 2);
                    }

                    result = await socket.ReceiveAsync(buffer.AsMemory(count), CancellationToken.None);
                    count += result.Count;
                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        return;
                    }
                }
                while (!result.EndOfMessage);
                if (JsonNode.Parse(buffer.AsSpan(0, count)) is not JsonArray frame)
                {
                    continue;
                }

                var type = frame[0]!.GetValue<int>();
                var id = frame[1]!.GetValue<string>();
                if (type == 2)
                {
                    var action = frame[2]!.GetValue<string>();
                    await SendAsync(new JsonArray(3, id, AnswerTo(action)).ToJsonString());
                    ServerCallsAnswered++;
                    lock (_serverCalls)
                    {
                        _serverCalls[action] = _serverCalls.GetValueOrDefault(action) + 1;
                    }

                    continue;
                }

                TaskCompletionSource<JsonArray>? pending = null;
                lock (_pendingLock)
                {
                    if (_pendingId == id)
                    {
                        pending = _pending;
                        _pending = null;
                        _pendingId = null;
                    }
                }

                pending?.TrySetResult(frame);
            }
        }
        catch (Exception e) when (e is WebSocketException or ObjectDisposedException or OperationCanceledException)
        {
            // Dropped (by us or by the server): a CALL still waiting times out and counts as unanswered.
        }
    }

    /// <summary>What a compliant charger answers to the central system's CALLs during the storm.</summary>
    private static JsonObject AnswerTo(string action) => action switch
    {
        "GetConfiguration" => new JsonObject
        {
            ["configurationKey"] = new JsonArray(
                new JsonObject { ["key"] = "ChargingScheduleAllowedChargingRateUnit", ["readonly"] = true, ["value"] = "Power" },
                new JsonObject { ["key"] = "ChargingScheduleMaxPeriods", ["readonly"] = true, ["value"] = "24" },
                new JsonObject { ["key"] = "ChargeProfileMaxStackLevel", ["readonly"] = true, ["value"] = "8" }),
        },
        "GetCompositeSchedule" or "TriggerMessage" or "RemoteStartTransaction" or "RemoteStopTransaction" => new JsonObject { ["status"] = "Rejected" },
        "ClearChargingProfile" => new JsonObject { ["status"] = "Accepted" },
        _ => new JsonObject { ["status"] = "Accepted" },
    };
}
