using System.Diagnostics;

namespace OliMove.Bench.ApiLoad;

/// <summary>
/// <c>olimove-edge run</c> as a child process (the build beside this driver), so its memory and CPU are its own
/// and not mixed with the 200 clients'. Its console goes to a file in its folder. Stopped by its own pid.
/// </summary>
public sealed class EdgeServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;

    private EdgeServerProcess(Process process, StreamWriter log, Uri baseUri)
    {
        _process = process;
        _log = log;
        BaseUri = baseUri;
    }

    public Uri BaseUri { get; }

    /// <summary>How long a start may take until /api/v1/health answers.</summary>
    public const int StartSeconds = 300;

    public Uri OcppUri => new($"ws://{BaseUri.Authority}/ocpp");

    public int Id => _process.Id;

    /// <param name="dll">Another build's olimove-edge.dll (an A/B comparison against a base build); the one beside this driver by default.</param>
    public static async Task<EdgeServerProcess> StartAsync(string directory, int port, IReadOnlyDictionary<string, string> environment, string? dll = null)
    {
        dll ??= Path.Combine(AppContext.BaseDirectory, "olimove-edge.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = directory,
        };
        // --demo: the generated site maps use the public demo-key-<id> charger keys (refused otherwise, decision 0249).
        foreach (var argument in new[] { dll, "run", "--demo", "--site", Path.Combine(directory, "site.yaml"), "--db", Path.Combine(directory, "edge.db"), "--urls", $"http://127.0.0.1:{port}" })
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var log = new StreamWriter(Path.Combine(directory, "olimove-edge.console.log")) { AutoFlush = true };
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Write(log, e.Data);
        process.ErrorDataReceived += (_, e) => Write(log, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new EdgeServerProcess(process, log, new Uri($"http://127.0.0.1:{port}/"));
        // Generous: on the shared 2-core machine at a load average of 100+, a start took more than 90 s.
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var deadline = DateTime.UtcNow.AddSeconds(StartSeconds);
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"olimove-edge exited with {process.ExitCode}; see {directory}/olimove-edge.console.log");
            }

            try
            {
                if ((await http.GetAsync(new Uri(server.BaseUri, "api/v1/health"))).IsSuccessStatusCode)
                {
                    return server;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
            }

            if (DateTime.UtcNow > deadline)
            {
                await server.DisposeAsync();
                throw new TimeoutException($"olimove-edge did not answer /api/v1/health within {StartSeconds} s");
            }

            await Task.Delay(200);
        }
    }

    /// <summary>VmRSS, VmHWM and CPU time of the service process now.</summary>
    public ServerUsage Usage()
    {
        _process.Refresh();
        return new ServerUsage(_process.WorkingSet64, _process.PeakWorkingSet64, _process.TotalProcessorTime);
    }

    public static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            // SIGTERM through the host's own shutdown would be kinder, but the run is over and its files are scratch.
            _process.Kill(entireProcessTree: false);
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
        await _log.DisposeAsync();
    }

    private static void Write(StreamWriter log, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (log)
        {
            log.WriteLine(line);
        }
    }
}
