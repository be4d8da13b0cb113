using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Text;

namespace OliMove.Edge.DemoTests;

/// <summary>
/// The real tools/demo script as a child process, in a session of its own (setsid) so that everything it
/// starts, anvil included, can be found in /proc and is killed on dispose whatever the test's outcome. SIGINT is
/// reset to its default for the script (env --default-signal), as a terminal would have it: a shell ignores
/// SIGINT for background jobs, and a script started with SIGINT ignored cannot trap it.
/// </summary>
public sealed class DemoRun : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly Lock _outputLock = new();

    private DemoRun(Process process, string stateDirectory, int port, int pvPort)
    {
        _process = process;
        StateDirectory = stateDirectory;
        Port = port;
        PvPort = pvPort;
    }

    public static string RepoRoot { get; } = FindRepoRoot();

    /// <summary>The configuration this assembly was built in; tools/demo --no-build runs the same one's binaries.</summary>
    public static string BuildConfiguration { get; } =
        typeof(DemoRun).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "BuildConfiguration").Value!;

    public int ScriptPid => _process.Id;

    public string StateDirectory { get; }

    public int Port { get; }

    public int PvPort { get; }

    public Uri BaseUri => new($"http://127.0.0.1:{Port}/");

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public string Output
    {
        get
        {
            lock (_outputLock)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts tools/demo on free ports with its state in a new temporary directory.</summary>
    public static DemoRun Start(double speed, string clockStart)
    {
        var stateDirectory = Directory.CreateTempSubdirectory("olimove-demo-test-").FullName;
        var port = TcpPorts.Free();
        var pvPort = TcpPorts.Free();
        while (pvPort == port)
        {
            pvPort = TcpPorts.Free();
        }

        var start = new ProcessStartInfo("setsid")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepoRoot,
        };
        foreach (var argument in new[]
        {
            "env", "--default-signal=INT", Path.Combine(RepoRoot, "tools", "demo"),
            "--skip-setup", "--no-build", "--configuration", BuildConfiguration,
            "--port", port.ToString(CultureInfo.InvariantCulture), "--pv-port", pvPort.ToString(CultureInfo.InvariantCulture),
            "--state-dir", stateDirectory, "--speed", speed.ToString(CultureInfo.InvariantCulture), "--clock-start", clockStart,
        })
        {
            start.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = start };
        var run = new DemoRun(process, stateDirectory, port, pvPort);
        process.OutputDataReceived += (_, e) => run.Append(e.Data);
        process.ErrorDataReceived += (_, e) => run.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return run;
    }

    /// <summary>Waits until the script prints <paramref name="text"/>; fails at once if it exits first.</summary>
    public async Task WaitForOutputAsync(string text, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!Output.Contains(text, StringComparison.Ordinal))
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"tools/demo exited ({_process.ExitCode}) before printing '{text}'{Environment.NewLine}{Diagnostics()}");
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"tools/demo did not print '{text}' within {timeout.TotalSeconds:0} s{Environment.NewLine}{Diagnostics()}");
            }

            await Task.Delay(200);
        }
    }

    /// <summary>Every process the demo runs now: the script and everything it started, anvil included.</summary>
    public IReadOnlyList<ProcessEntry> Processes() => ProcessTable.InSession(ScriptPid);

    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>The script's output and the tails of the controller's and the simulator's logs, for failure messages.</summary>
    public string Diagnostics()
    {
        var text = new StringBuilder();
        text.AppendLine("--- tools/demo output ---").AppendLine(Tail(Output, 40));
        foreach (var log in new[] { "edge.out", "site.out" })
        {
            var path = Path.Combine(StateDirectory, "logs", log);
            if (File.Exists(path))
            {
                text.AppendLine($"--- {log} ---").AppendLine(Tail(ReadShared(path), 40));
            }
        }

        return text.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        // Normally the test has already stopped the demo with SIGINT; after a failure it is stopped here: first as
        // the user would (the script stops its children), then every process left in its session is killed.
        if (!_process.HasExited)
        {
            UnixSignal.Send(ScriptPid, UnixSignal.Terminate);
            await WaitForExitAsync(TimeSpan.FromSeconds(30));
        }

        foreach (var left in ProcessTable.InSession(ScriptPid))
        {
            UnixSignal.Send(left.Pid, UnixSignal.Kill);
        }

        _process.Dispose();
        try
        {
            Directory.Delete(StateDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A process killed just now may still be closing a file; the temp directory is cleaned by the OS later.
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_outputLock)
        {
            _output.AppendLine(line);
        }
    }

    private static string ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static string Tail(string text, int lines) =>
        string.Join(Environment.NewLine, text.Split('\n').TakeLast(lines));

    private static string FindRepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "OliMove.Edge.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("OliMove.Edge.sln not found above " + AppContext.BaseDirectory);
    }
}
