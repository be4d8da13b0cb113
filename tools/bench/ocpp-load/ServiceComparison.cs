using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using OliMove.Bench.ApiLoad;

namespace OliMove.Bench.OcppLoad;

/// <summary>
/// Issue 17: the real service (<c>olimove-edge run</c>, security profile 1, every MeterValues stored in SQLite) against
/// the npm ocpp-rpc strict server, driven the same way from this separate process over loopback: N chargers connect
/// (HTTP Basic), then MeterValues in open loop at a fixed offered rate (round trips from the scheduled send time, so a
/// late server is not flattered). Runs are interleaved (ours, reference, ours, ...); both servers stay up across runs,
/// so from the second run on our chargers reconnect on the verified-key cache (decision 0227). After each of our runs
/// the rows added to the SQLite file are counted against the MeterValues answered.
/// </summary>
public sealed class ServiceComparison(IReadOnlyDictionary<string, string> options)
{
    private const int SamplesPerMeterValues = 5;
    private const int IdleSeconds = 5;

    private int Int(string key) => int.Parse(options[key], CultureInfo.InvariantCulture);

    public async Task<int> RunAsync()
    {
        var cabinets = Int("--cabinets");
        var perCabinet = Int("--per-cabinet");
        var rate = Int("--rate");
        var seconds = Int("--seconds");
        var warmup = Int("--warmup");
        var runs = Int("--runs");
        var chargers = BenchSiteMap.Chargers(cabinets, perCabinet);
        var directory = Path.Combine(Path.GetTempPath(), "olimove-ocpp-service-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var clock = Stopwatch.StartNew();
        await File.WriteAllTextAsync(Path.Combine(directory, "site.yaml"), BenchSiteMap.Yaml(cabinets, perCabinet));
        Log($"site map of {chargers.Count} chargers (PBKDF2 hashes) written in {clock.Elapsed.TotalSeconds:N0} s; files in {directory}");
        var masterKey = Path.Combine(directory, "wallet-master.key");
        await File.WriteAllTextAsync(masterKey, OliMove.Edge.Api.ApiTokenHash.NewToken());
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["OLIMOVE_Logs__Directory"] = Path.Combine(directory, "logs"),
            ["OLIMOVE_Logs__MinimumLevel"] = "Warning",
            ["OLIMOVE_Ocpp__AcceptUnknownIdTags"] = "true",
            ["OLIMOVE_Chain__WalletMasterKeyFile"] = masterKey,
            // All N chargers share 127.0.0.1, and the per-address limit counts attempts still being checked (decision
            // 0248): N first connections queued behind the PBKDF2 gate would be refused with 429. A site's chargers
            // have addresses of their own.
            ["OLIMOVE_Limits__OcppFailuresPerAddress"] = "100000",
        };

        var results = new List<RunResult>();
        await using var ours = await EdgeServerProcess.StartAsync(directory, EdgeServerProcess.FreePort(), environment);
        // --base-dll: a second olimove-edge (another build, e.g. main's) in a folder and database of its own, measured
        // in the same runs, interleaved (ours, base, reference, ours, ...).
        await using var baseline = options.TryGetValue("--base-dll", out var baseDll) ? await StartBaseAsync(directory, environment, baseDll) : null;
        var referencePort = EdgeServerProcess.FreePort();
        using var reference = Process.Start(new ProcessStartInfo("node", $"\"{options["--reference"]}\" {referencePort}") { RedirectStandardOutput = true })!;
        try
        {
            await reference.StandardOutput.ReadLineAsync();
            var nodeVersion = NodeVersion();
            // A charger's first connection costs the server ~0.1 s of PBKDF2 (decision 0227); on a loaded box the
            // fleet's first round takes minutes, and the chargers connected first then sit silent past the server's
            // 60 s WebSocket keep-alive and are cut off. One unmeasured round fills the verified-key cache, so every
            // measured run connects as runs 2-5 always did.
            var warm = Stopwatch.StartNew();
            await WarmUpAsync(ours.OcppUri, chargers);
            if (baseline is not null)
            {
                await WarmUpAsync(baseline.Server.OcppUri, chargers);
            }

            Log($"first connections of {chargers.Count} chargers (PBKDF2, not measured) took {warm.Elapsed.TotalSeconds:N0} s");
            for (var run = 1; run <= runs; run++)
            {
                var rowsBefore = await CountRowsAsync(Path.Combine(directory, "edge.db"));
                var mine = await MeasureAsync("OliMove Edge run (profile 1, stored)", run, ours.OcppUri, chargers, rate, seconds, warmup,
                    () => { var u = ours.Usage(); return (u.RssBytes, u.Cpu); });
                var rowsAdded = await CountRowsAsync(Path.Combine(directory, "edge.db")) - rowsBefore;
                results.Add(mine with { RowsAdded = rowsAdded });
                Log(results[^1].ToString());
                if (baseline is not null)
                {
                    var baseBefore = await CountRowsAsync(baseline.Database);
                    var theirs = await MeasureAsync("base build (profile 1, stored)", run, baseline.Server.OcppUri, chargers, rate, seconds, warmup,
                        () => { var u = baseline.Server.Usage(); return (u.RssBytes, u.Cpu); });
                    results.Add(theirs with { RowsAdded = await CountRowsAsync(baseline.Database) - baseBefore });
                    Log(results[^1].ToString());
                }

                results.Add(await MeasureAsync($"ocpp-rpc 2.2.1 strict (Node {nodeVersion}, stores nothing)", run, new Uri($"ws://127.0.0.1:{referencePort}/ocpp"), chargers, rate, seconds, warmup,
                    () => { reference.Refresh(); return (reference.WorkingSet64, reference.TotalProcessorTime); }));
                Log(results[^1].ToString());
            }
        }
        finally
        {
            reference.Kill(entireProcessTree: true);
            await reference.WaitForExitAsync();
        }

        Print(results, rate, chargers.Count, seconds);
        return results.Any(r => r.Unanswered > 0 || r.RowsAdded is { } rows && rows != r.AnsweredTotal * SamplesPerMeterValues) ? 1 : 0;
    }

    private static async Task<RunResult> MeasureAsync(string server, int run, Uri uri, IReadOnlyList<ChargerAccess> chargers, int rate, int seconds, int warmup,
        Func<(long Rss, TimeSpan Cpu)> usage)
    {
        var loadBefore = LoadAverage();
        var clients = chargers.Select(c => new LoadClient(c.ChargePointId, c.AuthorizationKey)).ToArray();
        var connect = Stopwatch.StartNew();
        var cpuBeforeConnect = usage().Cpu;
        using (var gate = new SemaphoreSlim(64))
        {
            await Task.WhenAll(clients.Select(async c =>
            {
                await gate.WaitAsync();
                try
                {
                    await c.ConnectAndBootAsync(uri, CancellationToken.None);
                }
                finally
                {
                    gate.Release();
                }
            }));
        }

        var connectSeconds = connect.Elapsed.TotalSeconds;
        var connectCpu = usage().Cpu - cpuBeforeConnect;
        // What the server spends with every charger connected and none sending (timers, periodic checks, planning):
        // at a small CPU share this is part of every run's CPU, so it is reported beside the per-MeterValues figure.
        var idleFrom = usage().Cpu;
        await Task.Delay(TimeSpan.FromSeconds(IdleSeconds));
        var sendFrom = usage().Cpu;
        var idleCores = (sendFrom - idleFrom).TotalSeconds / IdleSeconds;
        var interval = TimeSpan.FromSeconds(clients.Length / (double)rate);
        var measureFrom = Stopwatch.GetTimestamp() + (long)(warmup * Stopwatch.Frequency);
        var until = measureFrom + (long)(seconds * Stopwatch.Frequency);
        var cpuBefore = TimeSpan.Zero;
        var markCpu = Task.Run(async () =>
        {
            await Task.Delay(TimeSpan.FromSeconds(warmup));
            cpuBefore = usage().Cpu;
        });
        // A CALL still unanswered 30 s after the end of the run is counted as never answered.
        using var drain = new CancellationTokenSource(TimeSpan.FromSeconds(warmup + seconds + 30));
        var rtts = await Task.WhenAll(clients.Select(c => c.SendMeterValuesAsync(measureFrom, until, interval, CancellationToken.None, drain.Token)));
        await markCpu;
        var (rss, cpuAfter) = usage();
        // All CPU from the first MeterValues to the last answer, over every MeterValues answered: unlike the window's
        // figure it stays meaningful when a starved server answers most calls after the window.
        var grossCpuMs = (cpuAfter - sendFrom).TotalMilliseconds / Math.Max(1, clients.Sum(c => c.Answered));
        var all = rtts.SelectMany(r => r).Order().ToArray();
        var result = new RunResult(
            server, run, all.Length / (double)seconds,
            all.Length == 0 ? 0 : all[all.Length / 2] / 1000.0,
            all.Length == 0 ? 0 : all[(int)(all.Length * 0.99)] / 1000.0,
            clients.Sum(c => c.Unanswered), clients.Sum(c => c.Answered), null,
            rss / 1024.0 / 1024.0, (cpuAfter - cpuBefore).TotalSeconds / seconds,
            connectSeconds, connectCpu.TotalMilliseconds / clients.Length, loadBefore, LoadAverage(), idleCores, grossCpuMs);
        foreach (var chunk in clients.Chunk(200))
        {
            await Task.WhenAll(chunk.Select(c => c.DisposeAsync().AsTask()));
        }

        await Task.Delay(TimeSpan.FromSeconds(2));
        return result;
    }

    private static async Task<BaseServer> StartBaseAsync(string directory, IReadOnlyDictionary<string, string> environment, string dll)
    {
        var baseDirectory = Path.Combine(directory, "base");
        Directory.CreateDirectory(baseDirectory);
        File.Copy(Path.Combine(directory, "site.yaml"), Path.Combine(baseDirectory, "site.yaml"));
        var baseEnvironment = new Dictionary<string, string>(environment, StringComparer.Ordinal)
        {
            ["OLIMOVE_Logs__Directory"] = Path.Combine(baseDirectory, "logs"),
        };
        Log($"base build {dll} in {baseDirectory}");
        return new BaseServer(await EdgeServerProcess.StartAsync(baseDirectory, EdgeServerProcess.FreePort(), baseEnvironment, Path.GetFullPath(dll)),
            Path.Combine(baseDirectory, "edge.db"));
    }

    private static async Task WarmUpAsync(Uri uri, IReadOnlyList<ChargerAccess> chargers)
    {
        using var gate = new SemaphoreSlim(64);
        await Task.WhenAll(chargers.Select(async c =>
        {
            await gate.WaitAsync();
            try
            {
                await using var client = new LoadClient(c.ChargePointId, c.AuthorizationKey);
                await client.ConnectAndBootAsync(uri, CancellationToken.None);
            }
            finally
            {
                gate.Release();
            }
        }));
    }

    private static void Print(List<RunResult> results, int rate, int chargers, int seconds)
    {
        Console.WriteLine($"Offered {rate:N0} MeterValues/s over {chargers:N0} connections, {seconds} s measured per run, {Environment.ProcessorCount} cores.");
        Console.WriteLine();
        Console.WriteLine("| run | server | done/s | p50 ms | p99 ms | unanswered | rows added / expected | RSS MiB | CPU cores | CPU ms per MeterValues | all CPU ms per MeterValues | idle CPU cores | connect s | connect CPU ms/charger | load avg before/after |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var r in results)
        {
            var rows = r.RowsAdded is { } added ? $"{added:N0} / {r.AnsweredTotal * SamplesPerMeterValues:N0}" : "–";
            Console.WriteLine($"| {r.Run} | {r.Server} | {r.Rate:N0} | {r.P50:N1} | {r.P99:N1} | {r.Unanswered} | {rows} | {r.RssMiB:N0} | {r.CpuCores:N2} | {r.CpuMsPerMeterValues:N3} | {r.AllCpuMsPerMeterValues:N3} | {r.IdleCores:N3} | {r.ConnectSeconds:N1} | {r.ConnectCpuMsPerCharger:N2} | {r.LoadBefore} / {r.LoadAfter} |");
        }

        Console.WriteLine();
        Console.WriteLine("| server | done/s median [min–max] | p50 ms median [min–max] | p99 ms median [min–max] | CPU ms per MeterValues median [min–max] | all CPU ms per MeterValues median [min–max] | RSS MiB median | CPU cores median |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|");
        foreach (var group in results.GroupBy(r => r.Server))
        {
            Console.WriteLine($"| {group.Key} | {Spread(group.Select(r => r.Rate), "N0")} | {Spread(group.Select(r => r.P50), "N1")} | {Spread(group.Select(r => r.P99), "N1")} | {Spread(group.Select(r => r.CpuMsPerMeterValues), "N3")} | {Spread(group.Select(r => r.AllCpuMsPerMeterValues), "N3")} " +
                $"| {Median(group.Select(r => r.RssMiB)):N0} | {Median(group.Select(r => r.CpuCores)):N2} |");
        }
    }

    private static string Spread(IEnumerable<double> values, string format)
    {
        var sorted = values.Order().ToArray();
        return $"{Median(sorted).ToString(format, CultureInfo.InvariantCulture)} [{sorted[0].ToString(format, CultureInfo.InvariantCulture)}–{sorted[^1].ToString(format, CultureInfo.InvariantCulture)}]";
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static async Task<long> CountRowsAsync(string database)
    {
        await using var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM meter_values;";
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static string LoadAverage() => File.ReadAllText("/proc/loadavg").Split(' ')[0];

    private static string NodeVersion()
    {
        using var node = Process.Start(new ProcessStartInfo("node", "--version") { RedirectStandardOutput = true })!;
        return node.StandardOutput.ReadToEnd().Trim();
    }

    /// <summary>The base build's server and its database file.</summary>
    private sealed record BaseServer(EdgeServerProcess Server, string Database) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => Server.DisposeAsync();
    }

    private static void Log(string line) => Console.Error.WriteLine($"ocpp-load service: {line}");
}
