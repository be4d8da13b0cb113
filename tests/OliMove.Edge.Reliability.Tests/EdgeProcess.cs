using System.Diagnostics;
using System.Text;

namespace OliMove.Edge.ReliabilityTests;

/// <summary>
/// <c>olimove-edge run</c> as a child process on a folder and a port, so a test can kill it with SIGKILL
/// (nothing in-process can simulate that: no finally block, no flush, no dispose runs).
/// </summary>
public sealed class EdgeProcess : IAsyncDisposable
{
    /// <summary>How long a start may take before the test gives up on it.</summary>
    public static readonly TimeSpan StartPatience = TimeSpan.FromSeconds(180);

    private readonly Process _process;
    private readonly StringBuilder _output;

    private EdgeProcess(Process process, StringBuilder output, Uri baseUri)
    {
        _process = process;
        _output = output;
        BaseUri = baseUri;
    }

    public Uri BaseUri { get; }

    public Uri OcppUri => new($"ws://{BaseUri.Authority}/ocpp");

    /// <summary>Everything the process wrote to stdout and stderr.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static string ServiceDll()
    {
        var beside = Path.Combine(AppContext.BaseDirectory, "olimove-edge.dll");
        return File.Exists(beside) ? beside : throw new FileNotFoundException("olimove-edge.dll is not beside the tests (the project reference copies it)", beside);
    }

    /// <summary>Starts the service (with <paramref name="arguments"/> after its own, e.g. a clock) and waits until /api/v1/health answers.</summary>
    public static async Task<EdgeProcess> StartAsync(string directory, int port, IReadOnlyDictionary<string, string>? environment = null, IReadOnlyList<string>? arguments = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = directory,
        };
        // --demo: the generated site maps use the public demo-key-<id> charger keys (refused otherwise, decision 0249).
        foreach (var argument in new[] { ServiceDll(), "run", "--demo", "--site", Path.Combine(directory, "site.yaml"), "--db", Path.Combine(directory, "edge.db"), "--urls", $"http://127.0.0.1:{port}" }.Concat(arguments ?? []))
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["OLIMOVE_Logs__Directory"] = Path.Combine(directory, "logs");
        start.Environment["OLIMOVE_Logs__MinimumLevel"] = "Debug";
        start.Environment["OLIMOVE_Ocpp__AcceptUnknownIdTags"] = "true";
        start.Environment["OLIMOVE_Ocpp__CallTimeoutSeconds"] = "5";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        var output = new StringBuilder();
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var edge = new EdgeProcess(process, output, new Uri($"http://127.0.0.1:{port}/"));
        // Waits for the state (the service answers its health), with patience for a loaded machine: under CI's
        // parallel suite a cold start (JIT, migrations, PBKDF2 of the map's keys) took over 100 s, and a health answer
        // may take seconds, which a 2 s probe would cancel every time. The deadline only bounds a service that never
        // comes up (an exit is reported at once, above).
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var deadline = DateTime.UtcNow.Add(StartPatience);
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"olimove-edge exited with {process.ExitCode}: {edge.Output}");
            }

            try
            {
                if ((await http.GetAsync(new Uri(edge.BaseUri, "api/v1/health"))).IsSuccessStatusCode)
                {
                    return edge;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
            }

            if (DateTime.UtcNow > deadline)
            {
                await edge.DisposeAsync();
                throw new TimeoutException($"olimove-edge did not answer within {StartPatience.TotalSeconds:0} s: {edge.Output}");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>SIGKILL: the process ends at once, mid-write if it was writing.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: false);
        }

        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }

    public static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }
}
