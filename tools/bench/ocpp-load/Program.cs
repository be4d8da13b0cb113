using System.Diagnostics;
using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OliMove.Bench.OcppLoad;
using OliMove.Ocpp.CentralSystem;

// OCPP 1.6J load driver.
//   ocpp-load serve --port 9000                      our central system with counting (non-persistent) ports
//   ocpp-load run [--hold 10000] [--connections 1000] [--rate 16000] [--seconds 20] [--warmup 5]
//                 [--reference tools/ocpp-reference/server.js]
//       starts our server and the ocpp-rpc reference as child processes and drives both the same way:
//       connections held (and server RSS per idle connection), MeterValues closed loop (maximum rate) and
//       open loop at --rate (round trips counted from the scheduled send time).
//   ocpp-load service [--cabinets 20] [--per-cabinet 50] [--rate 4000] [--seconds 20] [--warmup 5] [--runs 5]
//                     [--reference tools/ocpp-reference/server.js] [--base-dll /tmp/base/.../olimove-edge.dll]
//       issue 17: `olimove-edge run` (security profile 1, every MeterValues stored) against the ocpp-rpc strict
//       server, interleaved runs, open loop at --rate; unanswered calls, rows stored, RSS, CPU, load average
//       (ServiceComparison.cs). Exits 1 when a call went unanswered or a row is missing.
//       --base-dll: another build's olimove-edge (e.g. main's) measured in the same runs, interleaved, for an A/B.
//   ocpp-load frames [--runs 21]
//       decision 0330: CPU per MeterValues frame read and reply written, the general way against the one pass
//       (FramePathCost.cs), in this process, no sockets.
//   ocpp-load overload [--cabinets 4] [--per-cabinet 50] [--factor 2] [--seconds 60] [--capacity-seconds 10] [--warmup 5]
//                      [--runs 5]
//       issue 17: the service's capacity (closed loop), then factor × that offered in open loop (ServiceOverload.cs):
//       done/s against capacity, p99 from send and from schedule, unanswered, rows. Exits 1 on an unanswered CALL or
//       a missing row.
//   ocpp-load storm [--cabinets 20] [--per-cabinet 50] [--backlog 50] [--window 10] [--runs 5] [--call-timeout 60]
//       issue 17: the reconnect storm after a power cut against `olimove-edge run` (ReconnectStorm.cs). Exits 1 when
//       a charger was not booted or a queued message was not answered or not stored exactly once.
var options = new Dictionary<string, string>(StringComparer.Ordinal)
{
    ["--port"] = "9000",
    ["--hold"] = "10000",
    ["--connections"] = "1000",
    ["--seconds"] = "20",
    ["--warmup"] = "5",
    ["--reference"] = "tools/ocpp-reference/server.js",
    ["--rate"] = "16000",
    ["--cabinets"] = "20",
    ["--per-cabinet"] = "50",
    ["--runs"] = "5",
    ["--backlog"] = "50",
    ["--window"] = "10",
    ["--call-timeout"] = "60",
    ["--factor"] = "2",
    ["--capacity-seconds"] = "10",
};
for (var i = 1; i + 1 < args.Length; i += 2)
{
    options[args[i]] = args[i + 1];
}
int Int(string key) => int.Parse(options[key], CultureInfo.InvariantCulture);

switch (args.FirstOrDefault())
{
    case "service":
        return await new ServiceComparison(options).RunAsync();
    case "overload":
        return await new ServiceOverload(options).RunAsync();
    case "storm":
        return await new ReconnectStorm(options).RunAsync();
    case "frames":
        return await FramePathCost.RunAsync(args.Contains("--runs") ? Int("--runs") : 21, 20_000);
    case "serve":
        await ServeAsync(Int("--port"));
        return 0;
    case "run":
        var results = new List<string>();
        foreach (var (name, start) in new (string, Func<int, Process>)[]
                 {
                     ("OliMove.Ocpp (.NET 10, Kestrel)", port => StartSelf(port)),
                     ("ocpp-rpc 2.2.1 strictMode (Node " + NodeVersion() + ")", port => StartNode(options["--reference"], port)),
                 })
        {
            var port = FreePort();
            using var server = start(port);
            try
            {
                await WaitForPortAsync(port);
                var uri = new Uri($"ws://127.0.0.1:{port}/ocpp");
                var hold = await HoldAsync(uri, server, Int("--hold"));
                var meter = await MeterAsync(uri, Int("--connections"), Int("--seconds"), Int("--warmup"), null);
                var paced = await MeterAsync(uri, Int("--connections"), Int("--seconds"), Int("--warmup"),
                    TimeSpan.FromSeconds(Int("--connections") / (double)Int("--rate")));
                results.Add($"| {name} | {hold.Held:N0} / {Int("--hold"):N0} | {hold.KiBPerConnection:N1} | {meter.Rate:N0} | {meter.P50:N1} | {meter.P99:N1} " +
                    $"| {paced.Rate:N0} | {paced.P50:N1} | {paced.P99:N1} | {meter.Errors + paced.Errors} |");
            }
            finally
            {
                server.Kill(entireProcessTree: true);
                await server.WaitForExitAsync();
            }
        }
        Console.WriteLine($"| server | connections held | RSS per idle connection (KiB) | max MeterValues/s, {Int("--connections")} conn. (closed loop) | p50 ms | p99 ms " +
            $"| MeterValues/s offered {Int("--rate"):N0}/s (open loop) | p50 ms | p99 ms | errors |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|");
        results.ForEach(Console.WriteLine);
        return 0;
    default:
        Console.Error.WriteLine("usage: ocpp-load serve --port P | ocpp-load run [--hold N] [--connections N] [--seconds S] [--warmup S] [--reference server.js]");
        return 2;
}

static async Task ServeAsync(int port)
{
    var builder = WebApplication.CreateSlimBuilder();
    builder.WebHost.UseKestrel(k =>
    {
        k.Listen(IPAddress.Loopback, port);
        k.Limits.MaxConcurrentConnections = null;
        k.Limits.MaxConcurrentUpgradedConnections = null;
    });
    builder.Logging.SetMinimumLevel(LogLevel.Warning);
    var store = new CountingStore();
    builder.Services.AddSingleton<IChargePointDirectory>(store).AddSingleton<IChargePointRecorder>(store).AddSingleton<ITransactionStore>(store);
    // Like the reference server: no authentication and no post-boot configuration calls (the driver's bare
    // clients do not answer CALLs). Schema validation of every incoming frame stays on.
    builder.Services.AddOcppCentralSystem(o =>
    {
        o.SecurityProfile = OcppSecurityProfile.None;
        o.ConfigureAfterBoot = false;
    });
    var app = builder.Build();
    app.UseOcppCentralSystem("/ocpp", keepAlive: TimeSpan.Zero);
    Console.WriteLine($"listening {port}");
    await app.RunAsync();
}

static async Task<(int Held, double KiBPerConnection)> HoldAsync(Uri uri, Process server, int count)
{
    var baseline = RssKiB(server);
    var clients = new List<LoadClient>(count);
    var held = 0;
    using var gate = new SemaphoreSlim(64);
    var tasks = Enumerable.Range(0, count).Select(async i =>
    {
        var client = new LoadClient(i);
        await gate.WaitAsync();
        try
        {
            await client.ConnectAndBootAsync(uri, CancellationToken.None);
            Interlocked.Increment(ref held);
            lock (clients)
            {
                clients.Add(client);
            }
        }
        catch (Exception e)
        {
            Console.Error.WriteLine($"connect {i}: {e.GetType().Name}: {e.Message}");
            await client.DisposeAsync();
        }
        finally
        {
            gate.Release();
        }
    }).ToArray();
    await Task.WhenAll(tasks);
    await Task.Delay(TimeSpan.FromSeconds(3));
    var loaded = RssKiB(server);
    Console.Error.WriteLine($"held {held} connections; server RSS {baseline / 1024.0:N1} MiB -> {loaded / 1024.0:N1} MiB");
    foreach (var chunk in clients.Chunk(500))
    {
        await Task.WhenAll(chunk.Select(c => c.DisposeAsync().AsTask()));
    }
    return (held, held == 0 ? 0 : (loaded - baseline) / (double)held);
}

static async Task<(double Rate, double P50, double P99, int Errors)> MeterAsync(Uri uri, int connections, int seconds, int warmup, TimeSpan? interval)
{
    var clients = Enumerable.Range(interval is null ? 50_000 : 60_000, connections).Select(i => new LoadClient(i)).ToArray();
    foreach (var chunk in clients.Chunk(64))
    {
        await Task.WhenAll(chunk.Select(c => c.ConnectAndBootAsync(uri, CancellationToken.None)));
    }
    var measureFrom = Stopwatch.GetTimestamp() + (long)(warmup * Stopwatch.Frequency);
    var until = measureFrom + (long)(seconds * Stopwatch.Frequency);
    var errors = 0;
    var runs = await Task.WhenAll(clients.Select(async c =>
    {
        try
        {
            return await c.SendMeterValuesAsync(measureFrom, until, interval, CancellationToken.None);
        }
        catch (Exception e)
        {
            Interlocked.Increment(ref errors);
            Console.Error.WriteLine($"{c.Id}: {e.Message}");
            return [];
        }
    }));
    foreach (var client in clients)
    {
        await client.DisposeAsync();
    }
    var all = runs.SelectMany(r => r).Order().ToArray();
    Console.Error.WriteLine($"{all.Length} MeterValues in {seconds} s over {connections} connections ({(interval is null ? "closed loop" : $"one every {interval.Value.TotalMilliseconds:N1} ms each")})");
    return all.Length == 0
        ? (0, 0, 0, errors)
        : (all.Length / (double)seconds, all[all.Length / 2] / 1000.0, all[(int)(all.Length * 0.99)] / 1000.0, errors);
}

static long RssKiB(Process process)
{
    var line = File.ReadLines($"/proc/{process.Id}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
    return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
}

static Process StartSelf(int port)
{
    var self = Environment.ProcessPath!;
    var arguments = Path.GetFileNameWithoutExtension(self) == "dotnet"
        ? $"\"{typeof(LoadClient).Assembly.Location}\" serve --port {port}"
        : $"serve --port {port}";
    return Process.Start(new ProcessStartInfo(self, arguments) { RedirectStandardOutput = true })!;
}

static Process StartNode(string script, int port) =>
    Process.Start(new ProcessStartInfo("node", $"\"{script}\" {port}") { RedirectStandardOutput = true })!;

static string NodeVersion()
{
    using var node = Process.Start(new ProcessStartInfo("node", "--version") { RedirectStandardOutput = true })!;
    return node.StandardOutput.ReadToEnd().Trim();
}

static int FreePort()
{
    using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
    listener.Start();
    return ((IPEndPoint)listener.LocalEndpoint).Port;
}

static async Task WaitForPortAsync(int port)
{
    for (var attempt = 0; attempt < 100; attempt++)
    {
        try
        {
            using var tcp = new System.Net.Sockets.TcpClient();
            await tcp.ConnectAsync(IPAddress.Loopback, port);
            return;
        }
        catch (System.Net.Sockets.SocketException)
        {
            await Task.Delay(100);
        }
    }
    throw new TimeoutException($"no server on port {port}");
}
