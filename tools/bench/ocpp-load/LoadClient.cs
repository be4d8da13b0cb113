using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;

namespace OliMove.Bench.OcppLoad;

/// <summary>One simulated charge point of the load driver: a bare WebSocket that speaks just enough OCPP-J
/// (boot, then MeterValues back to back, one outstanding CALL as the spec allows), so that the driver stays light.</summary>
public sealed class LoadClient(int index) : IAsyncDisposable
{
    private static readonly string MeterPayload =
        """{"connectorId":1,"transactionId":1,"meterValue":[{"timestamp":"2026-01-01T00:00:00Z","sampledValue":[""" +
        """{"value":"12345.6","measurand":"Energy.Active.Import.Register","unit":"Wh"},""" +
        """{"value":"7.36","measurand":"Power.Active.Import","unit":"kW"},""" +
        """{"value":"10.7","measurand":"Current.Import","phase":"L1","unit":"A"},""" +
        """{"value":"10.6","measurand":"Current.Import","phase":"L2","unit":"A"},""" +
        """{"value":"10.7","measurand":"Current.Import","phase":"L3","unit":"A"}]}]}""";

    private readonly ClientWebSocket _socket = new();
    private readonly byte[] _buffer = new byte[4096];
    private long _next;

    public string Id { get; } = $"LOAD-{index:D5}";

    public async Task ConnectAndBootAsync(Uri baseUri, CancellationToken ct)
    {
        _socket.Options.AddSubProtocol("ocpp1.6");
        _socket.Options.SetBuffer(4096, 4096);
        _socket.Options.KeepAliveInterval = TimeSpan.Zero;
        await _socket.ConnectAsync(new Uri(baseUri.ToString().TrimEnd('/') + "/" + Id), ct);
        await CallAsync("BootNotification", """{"chargePointVendor":"OliMove","chargePointModel":"Load"}""", ct);
    }

    /// <summary>Sends MeterValues until <paramref name="until"/>; records each round trip (µs) after
    /// <paramref name="measureFrom"/>. Without <paramref name="interval"/> the next CALL follows each reply at
    /// once (closed loop: maximum throughput). With it, CALLs are scheduled every interval (open loop) and the
    /// round trip counts from the scheduled time, so a late server is not flattered by skipped sends.</summary>
    public async Task<List<int>> SendMeterValuesAsync(long measureFrom, long until, TimeSpan? interval, CancellationToken ct)
    {
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
            await CallAsync("MeterValues", MeterPayload, ct);
            if (start >= measureFrom)
            {
                rtts.Add((int)Stopwatch.GetElapsedTime(start).TotalMicroseconds);
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
            // Replies to our CALL: [3,"id",...] or [4,"id",...]; anything else (a CALL from the server) is skipped.
            if (text.StartsWith("[3,\"" + id + "\"", StringComparison.Ordinal))
            {
                return;
            }
            if (text.StartsWith("[4,\"" + id + "\"", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"{action} refused: {text}");
            }
        }
    }
}
