using System.Diagnostics;
using System.Net.Http.Headers;

namespace OliMove.Bench.ApiLoad;

/// <summary>
/// A client that polls: a cockpit without the live stream, or a driver's phone app refreshing. It goes round its
/// endpoints one request at a time on its own connection (as a browser tab would), with an optional think time,
/// until it has made its requests or is stopped.
/// </summary>
public sealed class ApiPoller(Uri baseUri, string token, IReadOnlyList<(string Label, string Path)> endpoints, RequestLog log, TimeSpan think) : IDisposable
{
    private readonly HttpClient _http = new(new SocketsHttpHandler { MaxConnectionsPerServer = 1 })
    {
        BaseAddress = baseUri,
        Timeout = TimeSpan.FromSeconds(60),
        DefaultRequestHeaders = { Authorization = new AuthenticationHeaderValue("Bearer", token) },
    };

    public async Task RunAsync(int? requests, int offset, CancellationToken stop)
    {
        for (var i = 0; requests is not { } n || i < n; i++)
        {
            if (stop.IsCancellationRequested)
            {
                return;
            }

            var (label, path) = endpoints[(offset + i) % endpoints.Count];
            var clock = Stopwatch.StartNew();
            try
            {
                // Not tied to `stop`: a request that started is allowed to finish, so stopping never counts as an error.
                using var response = await _http.GetAsync(path, HttpCompletionOption.ResponseContentRead, CancellationToken.None);
                log.Answered(label, (int)response.StatusCode, clock.Elapsed);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
            {
                log.Unanswered(label, e);
            }

            if (think > TimeSpan.Zero)
            {
                try
                {
                    await Task.Delay(think, stop);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    public void Dispose() => _http.Dispose();
}
