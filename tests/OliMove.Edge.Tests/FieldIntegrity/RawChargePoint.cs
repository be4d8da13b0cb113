using System.Globalization;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;

namespace OliMove.Edge.Tests.FieldIntegrity;

/// <summary>
/// A charge point reduced to its socket: it sends exactly the frames a test writes (a resent StartTransaction
/// is byte for byte the first one, as firmware resends it) and answers the central system's CALLs with an empty
/// "Accepted" so that profiles and configuration do not block it.
/// </summary>
public sealed class RawChargePoint : IAsyncDisposable
{
    private readonly ClientWebSocket _socket = new();
    private int _nextId;

    public static async Task<RawChargePoint> ConnectAsync(Uri ocppBase, string chargePointId)
    {
        var client = new RawChargePoint();
        client._socket.Options.AddSubProtocol("ocpp1.6");
        client._socket.Options.SetRequestHeader("Authorization", "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{chargePointId}:demo-key-{chargePointId}")));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await client._socket.ConnectAsync(new Uri(ocppBase.ToString().TrimEnd('/') + "/" + Uri.EscapeDataString(chargePointId)), timeout.Token);
        return client;
    }

    public static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>Sends a CALL and returns the payload of its CALLRESULT; fails on a CALLERROR or no answer.</summary>
    public async Task<JsonObject> CallAsync(string action, JsonObject payload)
    {
        var id = $"raw-{Interlocked.Increment(ref _nextId)}";
        await SendAsync(new JsonArray(2, id, action, payload).ToJsonString());
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (true)
        {
            var array = JsonNode.Parse(await ReceiveAsync(timeout.Token))!.AsArray();
            switch (array[0]!.GetValue<int>())
            {
                case 2:
                    // The central system configures and sends profiles: accept all of it, as a compliant charger does.
                    var reply = array[2]!.GetValue<string>() == "GetConfiguration"
                        ? new JsonObject { ["configurationKey"] = new JsonArray() }
                        : new JsonObject { ["status"] = "Accepted" };
                    await SendAsync(new JsonArray(3, array[1]!.GetValue<string>(), reply).ToJsonString());
                    continue;
                case 3 when array[1]!.GetValue<string>() == id:
                    return array[2]!.AsObject();
                case 4 when array[1]!.GetValue<string>() == id:
                    throw new InvalidOperationException($"{action} was answered with an error: {array.ToJsonString()}");
            }
        }
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
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await _socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, timeout.Token);
    }

    private async Task<string> ReceiveAsync(CancellationToken ct)
    {
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        while (true)
        {
            var result = await _socket.ReceiveAsync(buffer, ct);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                throw new WebSocketException("the central system closed the connection");
            }

            message.Write(buffer, 0, result.Count);
            if (result.EndOfMessage)
            {
                return Encoding.UTF8.GetString(message.ToArray());
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
