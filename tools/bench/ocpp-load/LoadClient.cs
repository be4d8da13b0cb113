using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;

namespace OliMove.Bench.OcppLoad;

/// <summary>One simulated charge point of the load driver: a bare WebSocket that speaks just enough OCPP-J
/// (boot, then MeterValues back to back, one outstanding CALL as the spec allows), so that the driver stays light.
/// With an AuthorizationKey it authenticates with HTTP Basic (security profile 1). Each MeterValues carries its own
/// timestamp, so a server that stores them keeps every one (a replayed timestamp would be skipped as a duplicate).</summary>
public sealed class LoadClient(string id, string? authorizationKey = null) : IAsyncDisposable
{
    // Whole milliseconds from when this client was made, one per CALL: unique also across runs of the same charger
    // ids, whose clients restart their CALL counter.
    private readonly DateTimeOffset _epoch = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());

    private const string MeterPayloadHead = "{\"connectorId\":1,\"transactionId\":1,\"meterValue\":[{\"timestamp\":\"";

    private static readonly string MeterPayloadTail =
        "\",\"sampledValue\":[" +
        """{"value":"12345.6","measurand":"Energy.Active.Import.Register","unit":"Wh"},""" +
        """{"value":"7.36","measurand":"Power.Active.Import","unit":"kW"},""" +
        """{"value":"10.7","measurand":"Current.Import","phase":"L1","unit":"A"},""" +
        """{"value":"10.6","measurand":"Current.Import","phase":"L2","unit":"A"},""" +
        """{"value":"10.7","measurand":"Current.Import","phase":"L3","unit":"A"}]}]}""";

    private readonly ClientWebSocket _socket = new();
    private readonly byte[] _buffer = new byte[4096];
    private long _next;

    public LoadClient(int index)
        : this($"LOAD-{index:D5}")
    {
    }

    public string Id { get; } = id;

    /// <summary>MeterValues answered so far.</summary>
    public int Answered { get; private set; }

    /// <summary>MeterValues sent and never answered (the run's drain deadline passed first).</summary>
    public int Unanswered { get; private set; }

    public async Task ConnectAndBootAsync(Uri baseUri, CancellationToken ct)
    {
        _socket.Options.AddSubProtocol("ocpp1.6");
        _socket.Options.SetBuffer(4096, 4096);
        _socket.Options.KeepAliveInterval = TimeSpan.Zero;
        if (authorizationKey is not null)
        {
            _socket.Options.SetRequestHeader("Authorization", "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Id}:{authorizationKey}")));
        }
        await _socket.ConnectAsync(new Uri(baseUri.ToString().TrimEnd('/') + "/" + Id), ct);
        await CallAsync("BootNotification", """{"chargePointVendor":"OliMove","chargePointModel":"Load"}""", ct);
    }

    /// <summary>Sends MeterValues until <paramref name="until"/>; records each round trip (µs) after
    /// <paramref name="measureFrom"/>. Without <paramref name="interval"/> the next CALL follows each reply at
    /// once (closed loop: maximum throughput). With it, CALLs are scheduled every interval (open loop) and the
    /// round trip counts from the scheduled time, so a late server is not flattered by skipped sends.</summary>
    /// <param name="serviceTimes">When given, also each measured CALL's time from its actual send to its answer (µs):
    /// what the server's queues add, without the time the charger waited to send because its one CALL allowed in
    /// flight (OCPP-J 1.6 §4.1.1) was still unanswered.</param>
    public async Task<List<int>> SendMeterValuesAsync(long measureFrom, long until, TimeSpan? interval, CancellationToken ct, CancellationToken drain = default,
        List<int>? serviceTimes = null)
    {
        // drain: how long the last CALL may wait for its reply; cancelled, it counts as unanswered.
        var rtts = new List<int>(4096);
        var step = interval is { } i ? (long)(i.TotalSeconds * Stopwatch.Frequency) : 0;
        var scheduled = Stopwatch.GetTimestamp() + (step == 0 ? 0 : Random.Shared.NextInt64(step));
        while (Stopwatch.GetTimestamp() < until && !ct.IsCancellationRequested)
        {
            if (step > 0)
            {
                var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), scheduled);
                if (wait > TimeSpan.FromMilliseconds(1))
                {
                    await Task.Delay(wait, ct);
                }
            }
            var start = step > 0 ? scheduled : Stopwatch.GetTimestamp();
            var at = _epoch.AddMilliseconds(_next + 1).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);
            var sentAt = Stopwatch.GetTimestamp();
            try
            {
                await CallAsync("MeterValues", MeterPayloadHead + at + MeterPayloadTail, drain);
            }
            catch (OperationCanceledException)
            {
                Unanswered++;
                break;
            }
            Answered++;
            if (start >= measureFrom)
            {
                rtts.Add((int)Stopwatch.GetElapsedTime(start).TotalMicroseconds);
                serviceTimes?.Add((int)Stopwatch.GetElapsedTime(sentAt).TotalMicroseconds);
            }
            scheduled += step;
        }
        return rtts;
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
            // The server may already be gone at the end of a run.
        }
        _socket.Dispose();
    }

    private async Task AnswerServerCallAsync(string call, CancellationToken ct)
    {
        using var frame = System.Text.Json.JsonDocument.Parse(call);
        var messageId = frame.RootElement[1].GetString()!;
        var reply = frame.RootElement[2].GetString() == "GetConfiguration" ? """{"configurationKey":[]}""" : """{"status":"Accepted"}""";
        await _socket.SendAsync(Encoding.UTF8.GetBytes($"[3,{System.Text.Json.JsonSerializer.Serialize(messageId)},{reply}]"), WebSocketMessageType.Text, true, ct);
    }

    private async Task CallAsync(string action, string payload, CancellationToken ct)
    {
        var id = (++_next).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var frame = Encoding.UTF8.GetBytes($"[2,\"{id}\",\"{action}\",{payload}]");
        await _socket.SendAsync(frame, WebSocketMessageType.Text, true, ct);
        while (true)
        {
            var count = 0;
            ValueWebSocketReceiveResult result;
            do
            {
                result = await _socket.ReceiveAsync(_buffer.AsMemory(count), ct);
                count += result.Count;
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    throw new WebSocketException("closed by server");
                }
            }
            while (!result.EndOfMessage);
            var text = Encoding.UTF8.GetString(_buffer, 0, count);
            // Replies to our CALL: [3,"id",...] or [4,"id",...].
            if (text.StartsWith("[3,\"" + id + "\"", StringComparison.Ordinal))
            {
                return;
            }
            if (text.StartsWith("[4,\"" + id + "\"", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"{action} refused: {text}");
            }
            if (text.StartsWith("[2,", StringComparison.Ordinal))
            {
                // A CALL of the server (configuration, fail-safe profiles): answered as a charger would, so that the
                // server does not spend the run timing out on it and logging each.
                await AnswerServerCallAsync(text, ct);
            }
        }
    }
}
