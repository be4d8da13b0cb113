using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace OliMove.Bench.OcppLoad;

/// <summary>
/// One reconnect storm against a running service, shared by the benchmark (<see cref="ReconnectStorm"/>) and its CI
/// short form: every charger of the fleet drops its connection (no close handshake, as in a power cut), then each
/// reconnects at a random moment within the window, boots, and replays its backlog in order. Afterwards the rows of
/// this storm's transactions are counted in the service's SQLite file (read-only; WAL lets it read while the service
/// writes). The storm's idTags carry a marker of their own, so earlier storms on the same file are not counted.
/// </summary>
public static class ReconnectStormRun
{
    public static async Task<ReconnectStormResult> RunAsync(
        int run,
        IReadOnlyList<ReconnectStormCharger> fleet,
        Uri ocppBase,
        string databaseFile,
        int backlog,
        TimeSpan window,
        TimeSpan callTimeout,
        Func<(double RssMiB, TimeSpan Cpu)> serverUsage,
        CancellationToken ct)
    {
        await Task.WhenAll(fleet.Select(c => c.DropAsync()));

        // idTag is CiString20: "R<run>-<4 hex>-<index>" stays well within it.
        var marker = string.Create(CultureInfo.InvariantCulture, $"R{run}-{Random.Shared.Next(0x10000):x4}-");
        // The outage lasted as long as the backlog: one message a minute, ending now.
        var startedAt = DateTimeOffset.UtcNow.AddMinutes(-backlog);
        var before = fleet.Select(c => (c.Answered, c.Unanswered, c.Refused, c.RetriedHandshakes)).ToArray();
        var serverCallsBefore = SumServerCalls(fleet);
        var loadBefore = LoadAverage();
        var lastPlanBefore = await LastPlanIdAsync(databaseFile);
        var cpuBefore = serverUsage().Cpu;
        var clock = Stopwatch.StartNew();
        var booted = new double[fleet.Count];
        var answered = new double[fleet.Count];
        await Task.WhenAll(fleet.Select(async (charger, index) =>
        {
            await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * window.TotalMilliseconds), ct);
            booted[index] = double.NaN;
            try
            {
                await charger.ConnectAsync(ocppBase, ct);
            }
            catch (System.Net.WebSockets.WebSocketException)
            {
                // Refused for good (not busy) or no server: this charger is not booted, its backlog not sent.
                return;
            }

            if (!await charger.BootAsync(callTimeout))
            {
                return;
            }

            booted[index] = clock.Elapsed.TotalSeconds;
            await charger.ReplayBacklogAsync(backlog, marker + index.ToString(CultureInfo.InvariantCulture), startedAt, callTimeout);
            answered[index] = clock.Elapsed.TotalSeconds;
        }));
        var cpu = serverUsage().Cpu - cpuBefore;
        var (transactions, closed, meterRows) = await CountAsync(databaseFile, marker);
        var plans = await LastPlanIdAsync(databaseFile) - lastPlanBefore;
        var after = fleet.Select(c => (c.Answered, c.Unanswered, c.Refused, c.RetriedHandshakes)).ToArray();
        // What the central system asked of the chargers during this storm (configuration, profiles), per action.
        var serverCalls = SumServerCalls(fleet)
            .Select(kv => (kv.Key, Value: kv.Value - serverCallsBefore.GetValueOrDefault(kv.Key)))
            .Where(kv => kv.Value > 0)
            .ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
        return new ReconnectStormResult(
            run,
            fleet.Count,
            backlog,
            window.TotalSeconds,
            booted.Count(b => !double.IsNaN(b)),
            booted.Where(b => !double.IsNaN(b)).DefaultIfEmpty(double.NaN).Max(),
            after.Select((a, i) => a.Answered - before[i].Answered).Sum(),
            answered.Max(),
            after.Select((a, i) => a.Unanswered - before[i].Unanswered).Sum(),
            after.Select((a, i) => a.Refused - before[i].Refused).Sum(),
            fleet.Select(c => c.LastRefusal).LastOrDefault(r => r is not null),
            after.Select((a, i) => a.RetriedHandshakes - before[i].RetriedHandshakes).Sum(),
            transactions,
            closed,
            meterRows,
            cpu.TotalSeconds,
            serverUsage().RssMiB,
            loadBefore,
            LoadAverage(),
            serverCalls,
            plans);
    }

    private static Dictionary<string, int> SumServerCalls(IEnumerable<ReconnectStormCharger> fleet)
    {
        var sum = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (action, count) in fleet.SelectMany(c => c.ServerCallsByAction()))
        {
            sum[action] = sum.GetValueOrDefault(action) + count;
        }

        return sum;
    }

    /// <summary>The storm's transactions (those whose idTag carries its marker), how many are closed, and their
    /// meter_values rows.</summary>
    private static async Task<(long Transactions, long Closed, long MeterRows)> CountAsync(string databaseFile, string marker)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databaseFile, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT (SELECT COUNT(*) FROM transactions WHERE id_tag LIKE $marker || '%'),
                   (SELECT COUNT(*) FROM transactions WHERE id_tag LIKE $marker || '%' AND stopped_at IS NOT NULL),
                   (SELECT COUNT(*) FROM meter_values WHERE transaction_id IN (SELECT id FROM transactions WHERE id_tag LIKE $marker || '%'));
            """;
        command.Parameters.AddWithValue("$marker", marker);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
    }

    /// <summary>The id of the last archived plan (slot_plans is AUTOINCREMENT, so ids only grow): the plans a storm
    /// made are the difference, whatever group or slot they were for.</summary>
    private static async Task<long> LastPlanIdAsync(string databaseFile)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databaseFile, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COALESCE(MAX(id), 0) FROM slot_plans;";
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";
}
