using System.Collections.Concurrent;
using System.Globalization;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;

namespace OliMove.Edge.Tests.FieldIntegrity;

/// <summary>
/// A charge point reduced to its socket: it sends exactly the frames a test writes (a resent StartTransaction
/// is byte for byte the first one, as firmware resends it). A receive loop answers the central system's CALLs at
/// once with "Accepted" (GetConfiguration: no keys), as a compliant charger does, so profiles never wait on it.
/// </summary>
public sealed class RawChargePoint : IAsyncDisposable
{
    private readonly ClientWebSocket _socket = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource<JsonArray>> _pending = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private Task? _receiveLoop;
    private int _nextId;

    /// <summary>Every CALL the central system sent, in order (answered as the class summary says).</summary>
    public ConcurrentQueue<JsonArray> ReceivedCalls { get; } = new();

    /// <summary>
    /// While set, SetChargingProfile CALLs of a TxProfile are recorded at once but answered only when this task
    /// completes (a charger slow to apply a profile), so a test can hold the central system inside a plan's dispatch;
    /// other frames (the fail-safe TxDefaultProfile of the boot's configuration among them) flow on.
    /// </summary>
    public Task? HoldTxProfileAnswers { get; set; }

    /// <summary><paramref name="configure"/> sets up the socket further, e.g. TLS and a client certificate.</summary>
    public static async Task<RawChargePoint> ConnectAsync(Uri ocppBase, string chargePointId, Action<ClientWebSocketOptions>? configure = null)
    {
        var client = new RawChargePoint();
        configure?.Invoke(client._socket.Options);
        client._socket.Options.AddSubProtocol("ocpp1.6");
        client._socket.Options.SetRequestHeader("Authorization", "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{chargePointId}:demo-key-{chargePointId}")));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await client._socket.ConnectAsync(new Uri(ocppBase.ToString().TrimEnd('/') + "/" + Uri.EscapeDataString(chargePointId)), timeout.Token);
        client._receiveLoop = Task.Run(client.ReceiveLoopAsync);
        return client;
    }

    public static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>Sends a CALL and returns the payload of its CALLRESULT; fails on a CALLERROR or no answer.</summary>
    public async Task<JsonObject> CallAsync(string action, JsonObject payload)
    {
        var id = $"raw-{Interlocked.Increment(ref _nextId)}";
        var reply = new TaskCompletionSource<JsonArray>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = reply;
        await SendAsync(new JsonArray(2, id, action, payload).ToJsonString());
        var array = await reply.Task.WaitAsync(TimeSpan.FromSeconds(20));
        return array[0]!.GetValue<int>() == 3
            ? array[2]!.AsObject()
            : throw new InvalidOperationException($"{action} was answered with an error: {array.ToJsonString()}");
    }

    public Task<JsonObject> BootAsync() =>
        CallAsync("BootNotification", new JsonObject { ["chargePointVendor"] = "Raw", ["chargePointModel"] = "Socket" });

    public Task<JsonObject> StartAsync(int connectorId, string idTag, long meterStart, DateTimeOffset at) =>
        CallAsync("StartTransaction", new JsonObject
        {
            ["connectorId"] = connectorId,
            ["idTag"] = idTag,
            ["meterStart"] = meterStart,
            ["timestamp"] = Time(at),
        });

    public Task<JsonObject> StopAsync(int transactionId, long meterStop, DateTimeOffset at, string? idTag = null, JsonArray? transactionData = null)
    {
        var payload = new JsonObject { ["transactionId"] = transactionId, ["meterStop"] = meterStop, ["timestamp"] = Time(at) };
        if (idTag is not null)
        {
            payload["idTag"] = idTag;
        }

        if (transactionData is not null)
        {
            payload["transactionData"] = transactionData;
        }

        return CallAsync("StopTransaction", payload);
    }

    public Task<JsonObject> MeterValuesAsync(int connectorId, int? transactionId, DateTimeOffset at, double energyWh, double powerW)
    {
        var payload = new JsonObject { ["connectorId"] = connectorId, ["meterValue"] = new JsonArray(MeterValue(at, energyWh, powerW)) };
        if (transactionId is { } id)
        {
            payload["transactionId"] = id;
        }

        return CallAsync("MeterValues", payload);
    }

    public static JsonObject MeterValue(DateTimeOffset at, double energyWh, double powerW) => new()
    {
        ["timestamp"] = Time(at),
        ["sampledValue"] = new JsonArray(
            new JsonObject { ["value"] = energyWh.ToString(CultureInfo.InvariantCulture), ["measurand"] = "Energy.Active.Import.Register", ["unit"] = "Wh" },
            new JsonObject { ["value"] = powerW.ToString(CultureInfo.InvariantCulture), ["measurand"] = "Power.Active.Import", ["unit"] = "W" }),
    };

    /// <summary>Drops the connection without a close handshake (a dead network).</summary>
    public void Abort() => _socket.Abort();

    private async Task SendAsync(string text)
    {
        await _sendLock.WaitAsync();
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, timeout.Token);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        try
        {
            while (_socket.State == WebSocketState.Open)
            {
                var result = await _socket.ReceiveAsync(buffer, CancellationToken.None);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }

                message.Write(buffer, 0, result.Count);
                if (!result.EndOfMessage)
                {
                    continue;
                }

                var array = JsonNode.Parse(Encoding.UTF8.GetString(message.ToArray()))!.AsArray();
                message.SetLength(0);
                var messageId = array[1]!.GetValue<string>();
                if (array[0]!.GetValue<int>() == 2)
                {
                    ReceivedCalls.Enqueue(array);
                    var reply = array[2]!.GetValue<string>() == "GetConfiguration"
                        ? new JsonObject { ["configurationKey"] = new JsonArray() }
                        : new JsonObject { ["status"] = "Accepted" };
                    var answer = new JsonArray(3, messageId, reply).ToJsonString();
                    if (HoldTxProfileAnswers is { } hold && IsTxProfile(array))
                    {
                        _ = AnswerOnceReleasedAsync(hold, answer);
                    }
                    else
                    {
                        await SendAsync(answer);
                    }
                }
                else if (_pending.TryRemove(messageId, out var pending))
                {
                    pending.TrySetResult(array);
                }
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
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

        if (_receiveLoop is { } loop)
        {
            await Task.WhenAny(loop, Task.Delay(TimeSpan.FromSeconds(2)));
        }

        _socket.Dispose();
        _sendLock.Dispose();
    }

    private async Task AnswerOnceReleasedAsync(Task hold, string answer)
    {
        try
        {
            await hold;
            await SendAsync(answer);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
        }
    }

    /// <summary>True for a SetChargingProfile CALL whose profile is a TxProfile.</summary>
    public static bool IsTxProfile(JsonArray call) =>
        call[2]!.GetValue<string>() == "SetChargingProfile"
        && call[3]?["csChargingProfiles"]?["chargingProfilePurpose"]?.GetValue<string>() == "TxProfile";
}
