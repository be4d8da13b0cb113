using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace OliMove.Chain;

/// <summary>
/// The anvil dev chain as a child process, for tests and the demo: started on 127.0.0.1 (free port by
/// default), ready once eth_chainId answers, stopped by its pid (SIGTERM so it writes its --state file,
/// then SIGKILL).
/// </summary>
public sealed class AnvilNode : IAsyncDisposable
{
    /// <summary>anvil's well-known funded dev keys (mnemonic "test test ... junk"); public, dev chain only.</summary>
    public static readonly IReadOnlyList<string> DevPrivateKeys =
    [
        "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80",
        "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d",
        "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a",
        "0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6",
    ];

    private const int Sigterm = 15;
    private readonly Process _process;

    private AnvilNode(Process process, AnvilOptions options, int port)
    {
        _process = process;
        Options = options;
        Port = port;
    }

    public AnvilOptions Options { get; }

    public int Port { get; }

    public int ProcessId => _process.Id;

    public string RpcUrl => $"http://127.0.0.1:{Port}";

    public bool HasExited => _process.HasExited;

    public static async Task<AnvilNode> StartAsync(AnvilOptions? options = null, CancellationToken ct = default)
    {
        options ??= new AnvilOptions();
        var anvil = options.AnvilPath ?? FindAnvil(options.RepoRoot ?? FindRepoRoot());
        // A port picked by binding port 0 can be taken again before anvil binds it: retry with a new one.
        for (var attempt = 1; ; attempt++)
        {
            var port = options.Port != 0 ? options.Port : FreePort();
            var node = new AnvilNode(Launch(anvil, port, options), options, port);
            try
            {
                await node.WaitReadyAsync(ct);
                return node;
            }
            catch (Exception) when (attempt < 3 && options.Port == 0 && node.HasExited && !ct.IsCancellationRequested)
            {
                await node.DisposeAsync();
            }
            catch
            {
                await node.DisposeAsync();
                throw;
            }
        }
    }

    /// <summary>SIGTERM (anvil saves --state), then SIGKILL if it has not exited within the grace time.</summary>
    public async Task StopAsync(TimeSpan? grace = null)
    {
        if (_process.HasExited)
        {
            return;
        }

        if (OperatingSystem.IsWindows())
        {
            _process.Kill();
        }
        else
        {
            _ = Kill(_process.Id, Sigterm);
        }

        using var timeout = new CancellationTokenSource(grace ?? TimeSpan.FromSeconds(5));
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }
    }

    /// <summary>Kills the process at once (SIGKILL): a crash, no state written.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _process.Dispose();
    }

    public static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "OliMove.Edge.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No OliMove.Edge.sln above {AppContext.BaseDirectory}; set AnvilOptions.RepoRoot.");
    }

    public static string FindAnvil(string repoRoot)
    {
        var os = OperatingSystem.IsMacOS() ? "darwin" : OperatingSystem.IsWindows() ? "win32" : "linux";
        var arch = RuntimeInformation.OSArchitecture == Architecture.Arm64 ? "arm64" : "amd64";
        var binary = OperatingSystem.IsWindows() ? "anvil.exe" : "anvil";
        var path = Path.Combine(repoRoot, "tools", "chain", "node_modules", "@foundry-rs", $"anvil-{os}-{arch}", "bin", binary);
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException($"anvil not found at {path}; run `npm ci` in tools/chain (tools/setup does).", path);
    }

    private static Process Launch(string anvil, int port, AnvilOptions options)
    {
        var start = new ProcessStartInfo(anvil)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
                 {
                     "--host", "127.0.0.1", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                     "--chain-id", options.ChainId.ToString(System.Globalization.CultureInfo.InvariantCulture),
                     "--hardfork", "prague", "--silent",
                 })
        {
            start.ArgumentList.Add(arg);
        }

        if (options.StateFile is { } state)
        {
            start.ArgumentList.Add("--state");
            start.ArgumentList.Add(state);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {anvil}.");
        // Drain the pipes so a chatty node can never block on a full pipe.
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private async Task WaitReadyAsync(CancellationToken ct)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + Options.StartTimeout;
        var request = new { jsonrpc = "2.0", id = 1, method = "eth_chainId", @params = Array.Empty<object>() };
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"anvil exited with code {_process.ExitCode} before answering on port {Port}.");
            }

            try
            {
                using var response = await http.PostAsJsonAsync(RpcUrl, request, ct);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
                    if (body.RootElement.TryGetProperty("result", out _))
                    {
                        return;
                    }
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested)
            {
                // Slow first answer; poll again.
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"anvil did not answer eth_chainId on {RpcUrl} within {Options.StartTimeout}.");
            }

            await Task.Delay(50, ct);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
