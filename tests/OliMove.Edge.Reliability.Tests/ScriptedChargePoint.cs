using System.Collections.Concurrent;
using System.Globalization;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;

namespace OliMove.Edge.ReliabilityTests;

/// <summary>
/// A charger that plays <see cref="BusyHourStep"/>s over a real WebSocket, one CALL at a time, and answers every
/// CALL of the central system at once with the same fixed reply (Accepted; its configuration for GetConfiguration),
/// so that two services fed the same script see the same charger. It remembers the transaction id each service gave.
/// </summary>
public sealed class ScriptedChargePoint : IAsyncDisposable
{
    private readonly ClientWebSocket _socket = new();
    private readonly SemaphoreSlim _sending = new(1, 1);
    private readonly ConcurrentDictionary<string, TaskCompletionSource<JsonArray>> _pending = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _closing = new();
    private Task _receiving = Task.CompletedTask;
    private int _nextId;

    private ScriptedChargePoint(string chargePointId) => ChargePointId = chargePointId;

    public string ChargePointId { get; }

    /// <summary>The open transaction as the service numbered it, with its meterStart.</summary>
    public (int Id, long MeterStartWh)? OpenTransaction { get; private set; }

    public static async Task<ScriptedChargePoint> ConnectAsync(Uri ocppBase, string chargePointId)
    {
        var cp = new ScriptedChargePoint(chargePointId);
        cp._socket.Options.AddSubProtocol("ocpp1.6");
        cp._socket.Options.SetRequestHeader("Authorization", "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{chargePointId}:{TestSiteMap.Key(chargePointId)}")));
        // As RawOcppClient: the handshake's PBKDF2 gate took over 20 s on a loaded machine; the deadline bounds a refusal.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await cp._socket.ConnectAsync(new Uri(ocppBase.ToString().TrimEnd('/') + "/" + Uri.EscapeDataString(chargePointId)), timeout.Token);
        cp._receiving = Task.Run(cp.ReceiveAsync);
        return cp;
    }

    public Task<JsonObject> BootAsync() =>
        CallAsync("BootNotification", new JsonObject { ["chargePointVendor"] = "Scripted", ["chargePointModel"] = "BusyHour" });

    /// <summary>Sends the step and waits for its CALLRESULT (a CALLERROR fails the test).</summary>
    public async Task PlayAsync(BusyHourStep step)
    {
        var at = Time(step.At);
        switch (step.Action)
        {
            case "StatusNotification":
                await CallAsync("StatusNotification", new JsonObject { ["connectorId"] = 1, ["status"] = step.Status, ["errorCode"] = "NoError", ["timestamp"] = at });
                break;
            case "StartTransaction":
                var started = await CallAsync("StartTransaction", new JsonObject { ["connectorId"] = 1, ["idTag"] = step.IdTag, ["meterStart"] = step.RegisterWh, ["timestamp"] = at });
                OpenTransaction = (started["transactionId"]!.GetValue<int>(), step.RegisterWh);
                break;
            case "MeterValues":
                await CallAsync("MeterValues", new JsonObject
                {
                    ["connectorId"] = 1,
                    ["transactionId"] = OpenTransaction!.Value.Id,
                    ["meterValue"] = new JsonArray(new JsonObject
                    {
                        ["timestamp"] = at,
                        ["sampledValue"] = new JsonArray(
                            Sample(step.RegisterWh, "Energy.Active.Import.Register", "Wh"),
                            Sample(step.PowerW, "Power.Active.Import", "W"),
                            Sample(step.SocPercent, "SoC", "Percent")),
                    }),
                });
                break;
            case "StopTransaction":
                await CallAsync("StopTransaction", new JsonObject { ["transactionId"] = OpenTransaction!.Value.Id, ["meterStop"] = step.RegisterWh, ["timestamp"] = at, ["reason"] = "EVDisconnected" });
                OpenTransaction = null;
                break;
            default:
                throw new ArgumentException($"unknown step {step.Action}", nameof(step));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _closing.CancelAsync();
        _socket.Abort();
        await _receiving;
        _socket.Dispose();
        _sending.Dispose();
        _closing.Dispose();
    }

    private static JsonObject Sample(long value, string measurand, string unit) => new()
    {
        ["value"] = value.ToString(CultureInfo.InvariantCulture),
        ["context"] = "Sample.Periodic",
        ["measurand"] = measurand,
        ["unit"] = unit,
    };

    private static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private async Task<JsonObject> CallAsync(string action, JsonObject payload)
    {
        var id = $"{ChargePointId}-{Interlocked.Increment(ref _nextId)}";
        var reply = new TaskCompletionSource<JsonArray>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = reply;
        await SendAsync(new JsonArray(2, id, action, payload));
        var frame = await reply.Task.WaitAsync(TimeSpan.FromSeconds(20));
        frame[0]!.GetValue<int>().Should().Be(3, $"{ChargePointId}: {action} is answered with a CALLRESULT, not {frame.ToJsonString()}");
        return frame[2]!.AsObject();
    }

    private async Task SendAsync(JsonArray frame)
    {
        await _sending.WaitAsync();
        try
        {
            await _socket.SendAsync(Encoding.UTF8.GetBytes(frame.ToJsonString()), WebSocketMessageType.Text, true, _closing.Token);
        }
        finally
        {
            _sending.Release();
        }
    }

    private async Task ReceiveAsync()
    {
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        try
        {
            while (!_closing.IsCancellationRequested)
            {
                var result = await _socket.ReceiveAsync(buffer, _closing.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }

                message.Write(buffer, 0, result.Count);
                if (!result.EndOfMessage)
                {
                    continue;
                }

                var frame = JsonNode.Parse(Encoding.UTF8.GetString(message.ToArray()))!.AsArray();
                message.SetLength(0);
                var id = frame[1]!.GetValue<string>();
                if (frame[0]!.GetValue<int>() == 2)
                {
                    await SendAsync(new JsonArray(3, id, Reply(frame[2]!.GetValue<string>())));
                }
                else if (_pending.TryRemove(id, out var waiting))
                {
                    waiting.TrySetResult(frame);
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException)
        {
            // The service was killed or the test is done: nothing more to answer.
        }

        foreach (var waiting in _pending.Values)
        {
            waiting.TrySetException(new WebSocketException($"{ChargePointId}: the connection closed"));
        }
    }

    private static JsonObject Reply(string action) => action switch
    {
        "GetConfiguration" => new JsonObject
        {
            ["configurationKey"] = new JsonArray(
                Key("ChargingScheduleAllowedChargingRateUnit", "Power"),
                Key("ChargeProfileMaxStackLevel", "10"),
                Key("SupportedFeatureProfiles", "Core,SmartCharging")),
        },
        "TriggerMessage" => new JsonObject { ["status"] = "NotImplemented" },
        "DataTransfer" => new JsonObject { ["status"] = "UnknownVendorId" },
        _ => new JsonObject { ["status"] = "Accepted" },
    };

    private static JsonObject Key(string key, string value) => new() { ["key"] = key, ["readonly"] = true, ["value"] = value };
}
