using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json;

namespace OliMove.Bench.ApiLoad;

/// <summary>
/// A driver's app on their live stream (GET /api/v1/me/events). The stream says only "changed"; the app then
/// re-reads /me/current, as the real app does. A probe on the driver's charge point is delivered when a "changed"
/// that arrived after it leads to a /me/current showing the probe's status (so the event was not only sent, it
/// was also enough for the app to show the change). A stream that ends early is a dropped stream.
/// </summary>
public sealed class DriverEventListener(Uri baseUri, string driverToken, string chargePointId, ProbeBoard probes, RequestLog followUps, TimeProvider time) : IDisposable
{
    private readonly HttpClient _http = new(new SocketsHttpHandler { MaxConnectionsPerServer = 2 })
    {
        BaseAddress = baseUri,
        Timeout = Timeout.InfiniteTimeSpan,
        DefaultRequestHeaders = { Authorization = new AuthenticationHeaderValue("Bearer", driverToken) },
    };

    private readonly TaskCompletionSource _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _events;

    public string ChargePointId => chargePointId;

    public Task Connected => _connected.Task;

    public int Events => Volatile.Read(ref _events);

    public string? Dropped { get; private set; }

    /// <summary>Probe id → milliseconds from the StatusNotification leaving the charger to the "changed" that showed it.</summary>
    public ConcurrentDictionary<int, double> Delivered { get; } = new();

    public async Task RunAsync(CancellationToken stop)
    {
        try
        {
            using var response = await _http.GetAsync($"api/v1/me/events?access_token={Uri.EscapeDataString(driverToken)}", HttpCompletionOption.ResponseHeadersRead, stop);
            if (!response.IsSuccessStatusCode)
            {
                Drop($"HTTP {(int)response.StatusCode} on open");
                return;
            }

            await using var stream = await response.Content.ReadAsStreamAsync(stop);
            await foreach (var e in ServerSentEventReader.ReadAsync(stream, time, stop))
            {
                if (e.Name != "changed")
                {
                    continue;
                }

                // The first "changed" comes at once: the app's cue to read its state for the first time.
                if (Interlocked.Increment(ref _events) == 1)
                {
                    _connected.TrySetResult();
                    continue;
                }

                if (probes.Current(chargePointId) is { } probe && !Delivered.ContainsKey(probe.Id) && e.ReceivedAt >= probe.SentAt
                    && await ConnectorStatusAsync() == probe.Status)
                {
                    Delivered[probe.Id] = (e.ReceivedAt - probe.SentAt).TotalMilliseconds;
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

    private async Task<string?> ConnectorStatusAsync()
    {
        const string Label = "GET /api/v1/me/current (after changed)";
        var clock = Stopwatch.StartNew();
        // The stream's client has no timeout (a stream is endless); a plain read has the pollers' 60 s.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            using var response = await _http.GetAsync("api/v1/me/current", timeout.Token);
            followUps.Answered(Label, (int)response.StatusCode, clock.Elapsed);
            if (!response.IsSuccessStatusCode)
            {
                return null;
            }

            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(timeout.Token));
            return body.RootElement.GetProperty("progress") is { ValueKind: JsonValueKind.Object } progress
                ? progress.GetProperty("connectorStatus").GetString()
                : null;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
        {
            followUps.Unanswered(Label, e);
            return null;
        }
    }

    private void Drop(string why)
    {
        Dropped ??= why;
        _connected.TrySetException(new InvalidOperationException($"driver stream: {why}"));
    }

    public void Dispose() => _http.Dispose();
}
