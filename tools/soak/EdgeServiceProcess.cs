using System.Diagnostics;
using System.Text.RegularExpressions;

namespace OliMove.Tools.Soak;

/// <summary>
/// <c>olimove-edge run</c> as a child process, so its memory, descriptors and sockets are its own and can be read
/// from /proc. Its console goes to <c>service.out</c> in the work directory; error lines are counted as they come.
/// </summary>
public sealed partial class EdgeServiceProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _console;
    private readonly Lock _consoleLock = new();
    private readonly List<string> _firstErrors = [];
    private int _errorLines;
    private bool _closed;
    private int _disposed;

    private EdgeServiceProcess(Process process, StreamWriter console, Uri baseUri)
    {
        _process = process;
        _console = console;
        BaseUri = baseUri;
    }

    public Uri BaseUri { get; }

    public Uri OcppUri => new($"ws://{BaseUri.Authority}/ocpp");

    public int ProcessId => _process.Id;

    public int Port => BaseUri.Port;

    public bool HasExited => _process.HasExited;

    /// <summary>Console lines the service logged at ERR or FTL level.</summary>
    public int ErrorLines => Volatile.Read(ref _errorLines);

    /// <summary>The first few error lines, for the report.</summary>
    public IReadOnlyList<string> FirstErrors
    {
        get
        {
            lock (_consoleLock)
            {
                return [.. _firstErrors];
            }
        }
    }

    /// <summary>olimove-edge.dll beside the driver (the project reference copies it there).</summary>
    public static string ServiceDll()
    {
        var beside = Path.Combine(AppContext.BaseDirectory, "olimove-edge.dll");
        return File.Exists(beside) ? beside : throw new FileNotFoundException("olimove-edge.dll is not beside the soak driver", beside);
    }

    /// <summary>Starts the service on <paramref name="configFile"/> with an accelerated clock and waits for /api/v1/health.</summary>
    public static async Task<EdgeServiceProcess> StartAsync(string directory, string configFile, int port, double speed, DateTimeOffset clockStart, CancellationToken ct)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = directory,
        };
        foreach (var argument in new[]
        {
            ServiceDll(), "run", "--demo", "--config", configFile, "--urls", $"http://127.0.0.1:{port}",
            "--clock-speed", speed.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
            "--clock-start", clockStart.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        })
        {
            start.ArgumentList.Add(argument);
        }

        var console = new StreamWriter(Path.Combine(directory, "service.out")) { AutoFlush = false };
        var process = new Process { StartInfo = start };
        var service = new EdgeServiceProcess(process, console, new Uri($"http://127.0.0.1:{port}/"));
        process.OutputDataReceived += (_, e) => service.Append(e.Data);
        process.ErrorDataReceived += (_, e) => service.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (true)
        {
            if (process.HasExited)
            {
                await service.DisposeAsync();
                throw new InvalidOperationException($"olimove-edge exited with {process.ExitCode}; see {Path.Combine(directory, "service.out")}");
            }

            try
            {
                if ((await http.GetAsync(new Uri(service.BaseUri, "api/v1/health"), ct)).IsSuccessStatusCode)
                {
                    return service;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
            {
            }

            if (DateTime.UtcNow > deadline)
            {
                await service.DisposeAsync();
                throw new TimeoutException($"olimove-edge did not answer within 120 s; see {Path.Combine(directory, "service.out")}");
            }

            await Task.Delay(100, ct);
        }
    }

    public static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>SIGKILL: the soak measures the service while it runs, not its shutdown.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: false);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        lock (_consoleLock)
        {
            _closed = true;
            _console.Dispose();
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_consoleLock)
        {
            if (_closed)
            {
                return;
            }

            _console.WriteLine(line);
            if (ErrorLine().IsMatch(line))
            {
                _errorLines++;
                if (_firstErrors.Count < 5)
                {
                    _firstErrors.Add(line);
                }
            }
        }
    }

    // The console template is "{Timestamp:HH:mm:ss} {Level:u3} ...".
    [GeneratedRegex(@"^\d\d:\d\d:\d\d (ERR|FTL) ")]
    private static partial Regex ErrorLine();
}
