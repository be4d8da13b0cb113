using System.Collections.Concurrent;
using System.Text.Json;

namespace OliMove.Bench.ApiLoad;

/// <summary>
/// A cockpit on the live stream (GET /api/v1/events, the token in the query as EventSource sends it). It reads
/// the snapshot, then every chargePoint view: a newer measuredAt is a MeterValues sample arriving (latency into
/// <see cref="MeterFanout"/>), a connector status equal to the charge point's current probe is that probe
/// delivered. A stream that ends, or breaks, before the run stops it is a dropped stream.
/// </summary>
public sealed class CockpitViewer(Uri baseUri, string viewerToken, ProbeBoard probes, MeterFanout meter, TimeProvider time) : IDisposable
{
    private readonly HttpClient _http = new(new SocketsHttpHandler { MaxConnectionsPerServer = 1 }) { BaseAddress = baseUri, Timeout = Timeout.InfiniteTimeSpan };
    private readonly Dictionary<string, DateTimeOffset> _lastMeasured = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _events;

    /// <summary>Completes when the snapshot has been read (faults if the stream could not be opened).</summary>
    public Task Connected => _connected.Task;

    public int Events => Volatile.Read(ref _events);

    /// <summary>Why the stream ended before the run stopped it, or null.</summary>
    public string? Dropped { get; private set; }

    /// <summary>Probe id → milliseconds from the StatusNotification leaving the charger to this viewer having the view.</summary>
    public ConcurrentDictionary<int, double> Delivered { get; } = new();

    public async Task RunAsync(CancellationToken stop)
    {
        try
        {
            using var response = await _http.GetAsync($"api/v1/events?access_token={Uri.EscapeDataString(viewerToken)}", HttpCompletionOption.ResponseHeadersRead, stop);
            if (!response.IsSuccessStatusCode)
            {
                Drop($"HTTP {(int)response.StatusCode} on open");
                return;
            }

            await using var stream = await response.Content.ReadAsStreamAsync(stop);
            await foreach (var e in ServerSentEventReader.ReadAsync(stream, time, stop))
            {
                Interlocked.Increment(ref _events);
                switch (e.Name)
                {
                    case "snapshot":
                        using (var snapshot = JsonDocument.Parse(e.Data))
                        {
                            foreach (var cp in snapshot.RootElement.GetProperty("chargePoints").EnumerateArray())
                            {
                                Remember(cp);
                            }
                        }

                        _connected.TrySetResult();
                        break;
                    case "chargePoint":
                        using (var view = JsonDocument.Parse(e.Data))
                        {
                            Observe(view.RootElement, e.ReceivedAt);
                        }

                        break;
                }
            }

            if (!stop.IsCancellationRequested)
            {
                Drop("the server ended the stream");
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
        catch (Exception e) when (e is HttpRequestException or IOException or JsonException or OperationCanceledException)
        {
            Drop($"{e.GetType().Name}: {e.Message}");
        }
    }

    private void Remember(JsonElement cp)
    {
        if (MeasuredAt(cp) is { } at)
        {
            _lastMeasured[cp.GetProperty("id").GetString()!] = at;
        }
    }

    private void Observe(JsonElement cp, DateTimeOffset receivedAt)
    {
        var id = cp.GetProperty("id").GetString()!;
        if (MeasuredAt(cp) is { } at && (!_lastMeasured.TryGetValue(id, out var last) || at > last))
        {
            _lastMeasured[id] = at;
            meter.Seen(id, at, (receivedAt - at).TotalMilliseconds);
        }

        if (probes.Current(id) is { } probe && !Delivered.ContainsKey(probe.Id) && receivedAt >= probe.SentAt
            && cp.GetProperty("connectors")[0].GetProperty("status").GetString() == probe.Status)
        {
            Delivered[probe.Id] = (receivedAt - probe.SentAt).TotalMilliseconds;
        }
    }

    private static DateTimeOffset? MeasuredAt(JsonElement cp) =>
        cp.GetProperty("connectors")[0].GetProperty("measuredAt") is { ValueKind: JsonValueKind.String } at ? at.GetDateTimeOffset() : null;

    private void Drop(string why)
    {
        Dropped ??= why;
        _connected.TrySetException(new InvalidOperationException($"cockpit stream: {why}"));
    }

    public void Dispose() => _http.Dispose();
}
