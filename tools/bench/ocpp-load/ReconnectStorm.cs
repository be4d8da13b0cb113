using System.Diagnostics;
using System.Globalization;
using OliMove.Bench.ApiLoad;
using OliMove.Edge.OcppAdapters;
using OliMove.SiteMap;

namespace OliMove.Bench.OcppLoad;

/// <summary>
/// Issue 17, the reconnect storm after a site power cut, against the real service (<c>olimove-edge run</c>, security
/// profile 1, a child process on a generated site map of N chargers): every charger connects and boots once (its first
/// key check pays PBKDF2), then, per run, all drop at once and reconnect within <c>--window</c> seconds, each booting
/// and replaying a backlog of <c>--backlog</c> transaction messages in order (<see cref="ReconnectStormRun"/>).
/// Reported per run: when the last charger was booted and the last message answered, unanswered and refused CALLs,
/// rows in SQLite against the backlog, server CPU per reconnecting charger, RSS, load average; then medians. After the
/// runs, a wave of bare reconnects (handshake only) gives the server CPU of a reconnect's handshake with its key check,
/// and the key check itself (<see cref="VerifiedKeyCache"/>, PBKDF2) is timed in this process.
/// Exits 1 when a run was not complete (a charger not booted, a message unanswered or refused, a row missing).
/// </summary>
public sealed class ReconnectStorm(IReadOnlyDictionary<string, string> options)
{
    private int Int(string key) => int.Parse(options[key], CultureInfo.InvariantCulture);

    public async Task<int> RunAsync()
    {
        var cabinets = Int("--cabinets");
        var perCabinet = Int("--per-cabinet");
        var backlog = Int("--backlog");
        var window = TimeSpan.FromSeconds(Int("--window"));
        var runs = Int("--runs");
        var callTimeout = TimeSpan.FromSeconds(Int("--call-timeout"));
        var chargers = BenchSiteMap.Chargers(cabinets, perCabinet);
        var directory = Path.Combine(Path.GetTempPath(), "olimove-ocpp-storm-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        // api-load's generated site map (PBKDF2 hashes; kept in the temp folder between runs).
        await File.WriteAllTextAsync(Path.Combine(directory, "site.yaml"), BenchSiteMap.Yaml(cabinets, perCabinet));
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

        await using var server = await EdgeServerProcess.StartAsync(directory, EdgeServerProcess.FreePort(), environment);
        var database = Path.Combine(directory, "edge.db");
        (double, TimeSpan) Usage()
        {
            var u = server.Usage();
            return (u.RssBytes / 1024.0 / 1024.0, u.Cpu);
        }

        var fleet = chargers.Select(c => new ReconnectStormCharger(c.ChargePointId, c.AuthorizationKey)).ToArray();
        try
        {
            Log($"{fleet.Length} chargers, backlog {backlog}, window {window.TotalSeconds:N0} s, {runs} runs; files in {directory}; load {LoadAverage()}");
            var (firstSeconds, firstCpuMs) = await FirstConnectionsAsync(fleet, server.OcppUri, callTimeout, Usage);
            Log($"first connections (PBKDF2 each): {firstSeconds:N1} s, server CPU {firstCpuMs:N1} ms per charger; retried handshakes {fleet.Sum(c => c.RetriedHandshakes)}");

            var results = new List<ReconnectStormResult>();
            for (var run = 1; run <= runs; run++)
            {
                var result = await ReconnectStormRun.RunAsync(run, fleet, server.OcppUri, database, backlog, window, callTimeout, Usage, CancellationToken.None);
                results.Add(result);
                Log(result.ToString());
            }

            var (handshakeSeconds, handshakeCpuMs) = await HandshakeWaveAsync(fleet, server.OcppUri, Usage);
            var (cacheMicroseconds, pbkdf2Ms) = TimeKeyChecks();
            Print(results, firstSeconds, firstCpuMs, handshakeSeconds, handshakeCpuMs, cacheMicroseconds, pbkdf2Ms);
            return results.All(r => r.Complete) ? 0 : 1;
        }
        finally
        {
            foreach (var chunk in fleet.Chunk(200))
            {
                await Task.WhenAll(chunk.Select(c => c.DisposeAsync().AsTask()));
            }
        }
    }

    /// <summary>Every charger connects and boots for the first time in this server's life: each key check is a full
    /// PBKDF2 (decision 0227), queued behind the server's password gate (decision 0247; busy refusals are retried).</summary>
    private static async Task<(double Seconds, double CpuMsPerCharger)> FirstConnectionsAsync(
        ReconnectStormCharger[] fleet, Uri uri, TimeSpan callTimeout, Func<(double, TimeSpan Cpu)> usage)
    {
        var cpuBefore = usage().Cpu;
        var clock = Stopwatch.StartNew();
        using var gate = new SemaphoreSlim(64);
        await Task.WhenAll(fleet.Select(async c =>
        {
            await gate.WaitAsync();
            try
            {
                await c.ConnectAsync(uri, CancellationToken.None);
                if (!await c.BootAsync(callTimeout))
                {
                    throw new InvalidOperationException($"{c.ChargePointId}: the first BootNotification was not answered");
                }
            }
            finally
            {
                gate.Release();
            }
        }));
        return (clock.Elapsed.TotalSeconds, (usage().Cpu - cpuBefore).TotalMilliseconds / fleet.Length);
    }

    /// <summary>All drop, then all reconnect (64 handshakes in flight) without booting: the server's CPU per
    /// handshake, which holds the key check on the verified-key cache, the lookup of the charger and the upgrade.</summary>
    private static async Task<(double Seconds, double CpuMsPerCharger)> HandshakeWaveAsync(ReconnectStormCharger[] fleet, Uri uri, Func<(double, TimeSpan Cpu)> usage)
    {
        await Task.WhenAll(fleet.Select(c => c.DropAsync()));
        await Task.Delay(TimeSpan.FromSeconds(2));
        var cpuBefore = usage().Cpu;
        var clock = Stopwatch.StartNew();
        using var gate = new SemaphoreSlim(64);
        await Task.WhenAll(fleet.Select(async c =>
        {
            await gate.WaitAsync();
            try
            {
                await c.ConnectAsync(uri, CancellationToken.None);
            }
            finally
            {
                gate.Release();
            }
        }));
        var seconds = clock.Elapsed.TotalSeconds;
        return (seconds, (usage().Cpu - cpuBefore).TotalMilliseconds / fleet.Length);
    }

    /// <summary>The key check alone, in this process: a hit in <see cref="VerifiedKeyCache"/> (HMAC-SHA256 and a
    /// constant-time compare, what a reconnect pays) against the full PBKDF2 verification (what a first connect pays).
    /// Measured as this process's CPU time, not wall time, so that a loaded machine's waiting is not counted.</summary>
    private static (double CacheHitMicroseconds, double Pbkdf2Milliseconds) TimeKeyChecks()
    {
        const string Id = "LOAD-01-01";
        const string Key = "load-key-LOAD-01-01";
        var stored = AuthorizationKeyHash.Create(Key);
        var cache = new VerifiedKeyCache();
        var source = new object();
        cache.Add(source, Id, stored, Key);
        const int Checks = 100_000;
        var hits = 0;
        var cpu = CpuTime();
        for (var i = 0; i < Checks; i++)
        {
            hits += cache.Contains(source, Id, stored, Key) ? 1 : 0;
        }

        var cacheUs = (CpuTime() - cpu).TotalMilliseconds * 1000 / Checks;
        if (hits != Checks)
        {
            throw new InvalidOperationException("the verified-key cache missed a known key");
        }

        const int Verifications = 5;
        cpu = CpuTime();
        for (var i = 0; i < Verifications; i++)
        {
            if (!AuthorizationKeyHash.Verify(Key, stored))
            {
                throw new InvalidOperationException("PBKDF2 refused the right key");
            }
        }

        return (cacheUs, (CpuTime() - cpu).TotalMilliseconds / Verifications);
    }

    private static TimeSpan CpuTime()
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime;
    }

    private static void Print(List<ReconnectStormResult> results, double firstSeconds, double firstCpuMs, double handshakeSeconds, double handshakeCpuMs, double cacheUs, double pbkdf2Ms)
    {
        var n = results[0].Chargers;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Reconnect storm: {n:N0} chargers, backlog {results[0].BacklogPerCharger} messages each, reconnects spread over {results[0].ReconnectWindowSeconds:N0} s, {Environment.ProcessorCount} cores."));
        Console.WriteLine();
        Console.WriteLine("| run | all booted s | all answered (= stored) s | messages answered / sent | unanswered | refused | busy handshakes retried | transactions stored, closed / expected | meter rows stored / expected | server CPU s | server CPU ms per reconnect (whole backlog) | server CALLs per reconnect | plans archived (all groups) | RSS MiB | load avg before/after |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var r in results)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {r.Run} | {r.AllBootedSeconds:N1} | {r.AllAnsweredSeconds:N1} | {r.Answered:N0} / {r.Expected:N0} | {r.Unanswered} | {r.Refused} | {r.RetriedHandshakes} | {r.TransactionsStored:N0}, {r.TransactionsClosed:N0} / {r.Chargers:N0} | {r.MeterRowsStored:N0} / {r.ExpectedMeterRows:N0} | {r.ServerCpuSeconds:N1} | {r.ServerCpuMsPerCharger:N1} | {r.ServerCallsPerCharger} | {r.PlansArchived:N0} | {r.RssMiB:N0} | {r.LoadBefore} / {r.LoadAfter} |"));
        }

        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Median of {results.Count}: all booted {Spread(results.Select(r => r.AllBootedSeconds))} s, all stored {Spread(results.Select(r => r.AllAnsweredSeconds))} s, server CPU per reconnect with its backlog {Spread(results.Select(r => r.ServerCpuMsPerCharger))} ms."));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"First connections (PBKDF2 on the server): {firstSeconds:N1} s for {n:N0}, server CPU {firstCpuMs:N1} ms per charger. Bare reconnects (handshake with the cached key check, no boot): {handshakeSeconds:N1} s for {n:N0}, server CPU {handshakeCpuMs:N2} ms per charger."));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Key check alone (CPU time in this process, the fleet idle): verified-key cache hit {cacheUs:N2} µs; PBKDF2 verification {pbkdf2Ms:N1} ms."));
    }

    private static string Spread(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        var median = sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
        return string.Create(CultureInfo.InvariantCulture, $"{median:N1} [{sorted[0]:N1}–{sorted[^1]:N1}]");
    }

    private static string LoadAverage() => File.ReadAllText("/proc/loadavg").Split(' ')[0];

    private static void Log(string line) => Console.Error.WriteLine($"ocpp-load storm: {line}");
}
