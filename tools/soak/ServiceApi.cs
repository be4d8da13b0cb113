using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json;
using OliMove.Edge.Hosting;

namespace OliMove.Tools.Soak;

/// <summary>The service's HTTP API as the soak reads it: its clock (/api/v1/health) and its charge points.</summary>
public sealed class ServiceApi(Uri baseUri, string viewerToken) : IDisposable
{
    private readonly HttpClient _http = new()
    {
        BaseAddress = baseUri,
        Timeout = TimeSpan.FromSeconds(60),
        DefaultRequestHeaders = { Authorization = new AuthenticationHeaderValue("Bearer", viewerToken) },
    };

    /// <summary>
    /// A clock that runs with the service's: its time from /api/v1/health, taken at the middle of the fastest of
    /// a few round trips, carried forward to the instant the clock is made, at the same speed.
    /// </summary>
    public async Task<AcceleratedTimeProvider> SharedClockAsync(double speed, CancellationToken ct)
    {
        var best = (RoundTrip: TimeSpan.MaxValue, ServiceTime: default(DateTimeOffset), Middle: 0L);
        for (var i = 0; i < 7; i++)
        {
            var before = Stopwatch.GetTimestamp();
            using var health = JsonDocument.Parse(await _http.GetStringAsync("api/v1/health", ct));
            var after = Stopwatch.GetTimestamp();
            var roundTrip = Stopwatch.GetElapsedTime(before, after);
            if (roundTrip < best.RoundTrip)
            {
                best = (roundTrip, health.RootElement.GetProperty("time").GetDateTimeOffset(), before + ((after - before) / 2));
            }
        }

        var sinceMiddle = Stopwatch.GetElapsedTime(best.Middle);
        return new AcceleratedTimeProvider(best.ServiceTime + (sinceMiddle * speed), speed);
    }

    /// <summary>How many charge points the service reports connected, and how long the answer took.</summary>
    public async Task<(int Connected, TimeSpan Latency)> ConnectedChargePointsAsync(CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        using var list = JsonDocument.Parse(await _http.GetStringAsync("api/v1/chargepoints", ct));
        var latency = Stopwatch.GetElapsedTime(started);
        var connected = list.RootElement.EnumerateArray().Count(cp => cp.GetProperty("connected").GetBoolean());
        return (connected, latency);
    }

    public void Dispose() => _http.Dispose();
}
