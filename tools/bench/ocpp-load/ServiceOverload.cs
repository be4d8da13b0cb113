using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using OliMove.Bench.ApiLoad;

namespace OliMove.Bench.OcppLoad;

/// <summary>
/// Issue 17's overload acceptance against the real service (<c>olimove-edge run</c>, security profile 1, every
/// MeterValues stored): per run, N chargers connect, then the service's capacity is measured (closed loop: each charger
/// sends its next MeterValues as soon as the last is answered, so the service is never idle), then MeterValues are
/// offered in open loop at <c>--factor</c> × that capacity for <c>--seconds</c>. Reported: done/s against the capacity,
/// the p50/p99 of each CALL from its send to its answer (what the service's queues add; decision 0226), the p99 from
/// its scheduled time (which also holds the charger's own queue: with one CALL in flight per connection, OCPP-J 1.6
/// §4.1.1, an overloaded charger falls behind its schedule by design), CALLs never answered, and the rows the SQLite
/// file gained against the MeterValues answered. Capacity is measured again before each overload run, because on a
/// shared machine it moves with the other processes' load. Exits 1 on an unanswered CALL or a missing row.
/// </summary>
public sealed class ServiceOverload(IReadOnlyDictionary<string, string> options)
{
    private const int SamplesPerMeterValues = 5;

    private int Int(string key) => int.Parse(options[key], CultureInfo.InvariantCulture);

    public async Task<int> RunAsync()
    {
        var cabinets = Int("--cabinets");
        var perCabinet = Int("--per-cabinet");
        var seconds = Int("--seconds");
        var capacitySeconds = Int("--capacity-seconds");
        var warmup = Int("--warmup");
        var runs = Int("--runs");
        var factor = double.Parse(options["--factor"], CultureInfo.InvariantCulture);
        var chargers = BenchSiteMap.Chargers(cabinets, perCabinet);
        var directory = Path.Combine(Path.GetTempPath(), "olimove-ocpp-overload-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        await File.WriteAllTextAsync(Path.Combine(directory, "site.yaml"), BenchSiteMap.Yaml(cabinets, perCabinet));
        var masterKey = Path.Combine(directory, "wallet-master.key");
        await File.WriteAllTextAsync(masterKey, OliMove.Edge.Api.ApiTokenHash.NewToken());
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["OLIMOVE_Logs__Directory"] = Path.Combine(directory, "logs"),
            ["OLIMOVE_Logs__MinimumLevel"] = "Warning",
            ["OLIMOVE_Ocpp__AcceptUnknownIdTags"] = "true",
            ["OLIMOVE_Chain__WalletMasterKeyFile"] = masterKey,
            // All N chargers share 127.0.0.1 (decision 0248; see ServiceComparison).
            ["OLIMOVE_Limits__OcppFailuresPerAddress"] = "100000",
        };

        await using var server = await EdgeServerProcess.StartAsync(directory, EdgeServerProcess.FreePort(), environment);
        var database = Path.Combine(directory, "edge.db");
        (long Rss, TimeSpan Cpu) Usage()
        {
            var u = server.Usage();
            return (u.RssBytes, u.Cpu);
        }

        var first = Stopwatch.StartNew();
        await ConnectAllAsync(server.OcppUri, chargers, keep: false);
        Log($"{chargers.Count} chargers; first connections (PBKDF2, not measured) took {first.Elapsed.TotalSeconds:N0} s; files in {directory}; load {LoadAverage()}");
        var results = new List<OverloadResult>();
        for (var run = 1; run <= runs; run++)
        {
            var clients = await ConnectAllAsync(server.OcppUri, chargers, keep: true);
            try
            {
                var loadBefore = LoadAverage();
                // Capacity: closed loop, after a warm-up, with every charger sending back to back.
                var from = Stopwatch.GetTimestamp() + (long)(warmup * Stopwatch.Frequency);
                var until = from + (long)(capacitySeconds * Stopwatch.Frequency);
                var closed = await Task.WhenAll(clients.Select(c => c.SendMeterValuesAsync(from, until, null, CancellationToken.None)));
                var capacity = closed.Sum(r => r.Count) / (double)capacitySeconds;

                // Overload: open loop at factor × capacity, every CALL measured.
                var rate = factor * capacity;
                var interval = TimeSpan.FromSeconds(clients.Length / rate);
                var rowsBefore = await CountRowsAsync(database);
                var answeredBefore = clients.Sum(c => c.Answered);
                var unansweredBefore = clients.Sum(c => c.Unanswered);
                var cpuBefore = Usage().Cpu;
                from = Stopwatch.GetTimestamp();
                until = from + (long)(seconds * Stopwatch.Frequency);
                // A CALL still unanswered 30 s after the end of the run is counted as never answered.
                using var drain = new CancellationTokenSource(TimeSpan.FromSeconds(seconds + 30));
                var serviceTimes = clients.Select(_ => new List<int>(4096)).ToArray();
                var scheduled = await Task.WhenAll(clients.Select((c, i) => c.SendMeterValuesAsync(from, until, interval, CancellationToken.None, drain.Token, serviceTimes[i])));
                var elapsed = Stopwatch.GetElapsedTime(from).TotalSeconds;
                var (rss, cpuAfter) = Usage();
                var answered = clients.Sum(c => c.Answered) - answeredBefore;
                var rowsAdded = await CountRowsAsync(database) - rowsBefore;
                var fromSend = serviceTimes.SelectMany(t => t).Order().ToArray();
                var fromSchedule = scheduled.SelectMany(t => t).Order().ToArray();
                results.Add(new OverloadResult(
                    run, clients.Length, capacity, rate, fromSend.Length / (double)seconds,
                    Percentile(fromSend, 0.50), Percentile(fromSend, 0.99), fromSend.Length == 0 ? 0 : fromSend[^1] / 1000.0,
                    Percentile(fromSchedule, 0.99),
                    clients.Sum(c => c.Unanswered) - unansweredBefore, answered, rowsAdded, rowsAdded - (long)answered * SamplesPerMeterValues,
                    (cpuAfter - cpuBefore).TotalSeconds / elapsed, rss / 1024.0 / 1024.0, loadBefore, LoadAverage()));
                Log(results[^1].ToString());
            }
            finally
            {
                foreach (var chunk in clients.Chunk(200))
                {
                    await Task.WhenAll(chunk.Select(c => c.DisposeAsync().AsTask()));
                }
            }

            await Task.Delay(TimeSpan.FromSeconds(2));
        }

        Print(results, factor, seconds, capacitySeconds);
        return results.Any(r => r.Unanswered > 0 || r.RowsMissing != 0) ? 1 : 0;
    }

    private static async Task<LoadClient[]> ConnectAllAsync(Uri uri, IReadOnlyList<ChargerAccess> chargers, bool keep)
    {
        var clients = chargers.Select(c => new LoadClient(c.ChargePointId, c.AuthorizationKey)).ToArray();
        using (var gate = new SemaphoreSlim(64))
        {
            await Task.WhenAll(clients.Select(async c =>
            {
                await gate.WaitAsync();
                try
                {
                    await c.ConnectAndBootAsync(uri, CancellationToken.None);
                    if (!keep)
                    {
                        await c.DisposeAsync();
                    }
                }
                finally
                {
                    gate.Release();
                }
            }));
        }

        // The post-boot configuration and fail-safe CALLs of the fresh connections are answered while each client
        // waits for its next reply; a moment lets them finish before anything is measured.
        await Task.Delay(TimeSpan.FromSeconds(3));
        return clients;
    }

    private static double Percentile(int[] sortedMicroseconds, double p) =>
        sortedMicroseconds.Length == 0 ? 0 : sortedMicroseconds[Math.Min(sortedMicroseconds.Length - 1, (int)(sortedMicroseconds.Length * p))] / 1000.0;

    private static void Print(List<OverloadResult> results, double factor, int seconds, int capacitySeconds)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Overload: {results[0].Chargers:N0} chargers; capacity measured closed loop for {capacitySeconds} s before each run, then {factor:0.#}× that offered in open loop for {seconds} s; {Environment.ProcessorCount} cores."));
        Console.WriteLine();
        Console.WriteLine("| run | capacity /s | offered /s | done /s | done / capacity | p50 ms (send→answer) | p99 ms (send→answer) | max ms (send→answer) | p99 ms from schedule | unanswered | rows added − 5 × answered | server CPU cores | RSS MiB | load avg before/after |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var r in results)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {r.Run} | {r.Capacity:N0} | {r.Offered:N0} | {r.Done:N0} | {r.Done / r.Capacity:P0} | {r.P50FromSendMs:N1} | {r.P99FromSendMs:N1} | {r.MaxFromSendMs:N0} | {r.P99FromScheduleMs:N0} | {r.Unanswered} | {r.RowsMissing} | {r.ServerCores:N2} | {r.RssMiB:N0} | {r.LoadBefore} / {r.LoadAfter} |"));
        }
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

    private static void Log(string line) => Console.Error.WriteLine($"ocpp-load overload: {line}");
}
