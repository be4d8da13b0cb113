using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using OliMove.Edge.Api;

namespace OliMove.Edge.ReliabilityTests;

/// <summary>
/// Issue 16, kill -9: a busy hour of chargers (visits, starts, meter values, stops) is played over real WebSockets
/// to two child processes of the real service, both on a clock frozen at one moment in the middle of that hour:
/// the victim is killed with SIGKILL right after the last message of the hour's first part is acknowledged (its
/// plans and profiles still in flight); its twin gets exactly the same messages and is never interrupted. The
/// victim's files as the kill left them are restarted on the same frozen clock, with no charger connected, and
/// its first plan must equal the plan the twin makes at that moment: same archived input and output, same hashes
/// (decision 0161). The hour lives in the chargers' timestamps; the frozen clock makes "the same moment" exact.
/// </summary>
public class KillDuringBusyHourTests
{
    private static readonly DateTimeOffset HourStart = new(2026, 6, 15, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task The_first_plan_after_a_kill_during_a_busy_hour_equals_the_plan_of_a_twin_that_never_stopped()
    {
        // Long form: more cabinets and chargers, and kills early, mid and late in the hour.
        var (cabinets, perCabinet) = ReliabilityScale.IsLong ? (3, 8) : (1, 6);
        int[] killMinutes = ReliabilityScale.IsLong ? [12, 27, 41, 55] : [37];
        foreach (var killMinute in killMinutes)
        {
            var figures = await KillAndCompareAsync(cabinets, perCabinet, HourStart.AddMinutes(killMinute));
            ReliabilityScale.Report(nameof(KillDuringBusyHourTests), figures);
        }
    }

    private static async Task<string> KillAndCompareAsync(int cabinets, int perCabinet, DateTimeOffset killAt)
    {
        var ids = TestSiteMap.Ids(cabinets, perCabinet).ToList();
        var groups = Enumerable.Range(1, cabinets).Select(TestSiteMap.Cabinet).ToList();
        var played = BusyHourScript.Create(ids, HourStart, seed: 16).Where(s => s.At <= killAt).ToList();
        var root = Path.Combine(Path.GetTempPath(), "olimove-busy-kill-" + Guid.NewGuid().ToString("N"));
        var (victimDir, twinDir, restartDir) = (Path.Combine(root, "victim"), Path.Combine(root, "twin"), Path.Combine(root, "restarted"));
        var yaml = TestSiteMap.Yaml(cabinets, perCabinet, 22_000);
        foreach (var dir in new[] { victimDir, twinDir, restartDir })
        {
            Directory.CreateDirectory(dir);
            await File.WriteAllTextAsync(Path.Combine(dir, "site.yaml"), yaml);
        }

        var token = ApiTokenHash.NewToken();
        var environment = new Dictionary<string, string>
        {
            ["OLIMOVE_Api__Tokens__0__Name"] = "test operator",
            ["OLIMOVE_Api__Tokens__0__Role"] = "operator",
            ["OLIMOVE_Api__Tokens__0__Sha256"] = ApiTokenHash.Sha256Hex(token),
        };
        // Every process stands at the kill moment: the victim when it dies, the twin when it plans, the restart.
        string[] frozenClock = ["--clock-speed", "0", "--clock-start", killAt.ToString("O", CultureInfo.InvariantCulture)];

        var starting = new[] { victimDir, twinDir }.Select(dir => EdgeProcess.StartAsync(dir, EdgeProcess.FreePort(), environment, frozenClock)).ToList();
        await using var victim = await starting[0];
        await using var twin = await starting[1];
        var victimRun = Task.Run(async () =>
        {
            var chargers = await PlayAsync(victim.OcppUri, ids, played);
            // SIGKILL the moment the last message is acknowledged: its re-plan and profiles are still under way.
            await victim.KillAsync();
            foreach (var cp in chargers.Values)
            {
                await cp.DisposeAsync();
            }
        });
        var twinChargers = await PlayAsync(twin.OcppUri, ids, played);
        await victimRun;

        // The files as the kill left them (the WAL holds what was committed since the last checkpoint).
        var lastArchived = await CopyAtKillAsync(victimDir, restartDir);

        // The twin, never interrupted, plans each group now from what it holds in memory.
        var twinPlans = new Dictionary<string, ArchivedPlan>(StringComparer.Ordinal);
        var twinDb = Path.Combine(twinDir, "edge.db");
        var twinBefore = await SiteDatabase.ScalarAsync(twinDb, "SELECT IFNULL(MAX(id), 0) FROM slot_plans");
        using (var http = new HttpClient { BaseAddress = twin.BaseUri })
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            foreach (var group in groups)
            {
                (await http.PostAsync(new Uri($"api/v1/groups/{group}/replan", UriKind.Relative), null)).StatusCode.Should().Be(System.Net.HttpStatusCode.Accepted);
            }

            foreach (var group in groups)
            {
                twinPlans[group] = await SettledLatestPlanAsync(twinDb, group, twinBefore);
            }
        }

        foreach (var cp in twinChargers.Values)
        {
            await cp.DisposeAsync();
        }

        // The restart on the victim's files, on the same moment, before any charger is back.
        await using var restarted = await EdgeProcess.StartAsync(restartDir, EdgeProcess.FreePort(), environment, frozenClock);
        var restartDb = Path.Combine(restartDir, "edge.db");
        var openSessions = twinChargers.Values.Count(cp => cp.OpenTransaction is not null);
        foreach (var group in groups)
        {
            ArchivedPlan? first = null;
            await Poll.UntilAsync(async () => (first = await FirstPlanAfterAsync(restartDb, group, lastArchived)) is not null, $"the restarted service plans {group}", 60);
            var twinPlan = twinPlans[group];
            first!.InputJson.Should().Be(twinPlan.InputJson, $"{group}: after the kill the service plans from the inputs the twin holds");
            first.InputSha256.Should().Be(twinPlan.InputSha256);
            first.OutputSha256.Should().Be(twinPlan.OutputSha256, $"{group}: and makes the same plan");

            // The comparison means something: the plan holds every open session with its energy delivered so far.
            var expected = twinChargers.Values
                .Where(cp => cp.OpenTransaction is not null && TestSiteMap.Cabinet(int.Parse(cp.ChargePointId[4..6], CultureInfo.InvariantCulture)) == group)
                .ToDictionary(cp => $"{cp.ChargePointId}/1", cp => played.Last(s => s.ChargePointId == cp.ChargePointId && s.Action is "StartTransaction" or "MeterValues").RegisterWh - cp.OpenTransaction!.Value.MeterStartWh);
            Delivered(first.InputJson).Should().BeEquivalentTo(expected, $"{group}: each open session with what its charger metered");
        }

        openSessions.Should().BeGreaterThanOrEqualTo(2, "the hour is busy at the kill");
        Directory.Delete(root, recursive: true);
        return string.Create(CultureInfo.InvariantCulture,
            $"{ids.Count} CPs, kill -9 at {killAt:HH:mm} after {played.Count} messages, {openSessions} sessions open; first plan after restart equals the twin's in {groups.Count} group(s)");
    }

    private static async Task<Dictionary<string, ScriptedChargePoint>> PlayAsync(Uri ocpp, IReadOnlyList<string> ids, IReadOnlyList<BusyHourStep> steps)
    {
        var chargers = new Dictionary<string, ScriptedChargePoint>(StringComparer.Ordinal);
        foreach (var id in ids)
        {
            chargers[id] = await ScriptedChargePoint.ConnectAsync(ocpp, id);
            (await chargers[id].BootAsync())["status"]!.GetValue<string>().Should().Be("Accepted");
        }

        foreach (var step in steps)
        {
            await chargers[step.ChargePointId].PlayAsync(step);
        }

        return chargers;
    }

    /// <summary>Copies the database and its WAL as the kill left them; returns the last plan archived before it.</summary>
    private static async Task<long> CopyAtKillAsync(string victimDir, string restartDir)
    {
        foreach (var file in new[] { "edge.db", "edge.db-wal" })
        {
            if (File.Exists(Path.Combine(victimDir, file)))
            {
                File.Copy(Path.Combine(victimDir, file), Path.Combine(restartDir, file));
            }
        }

        // Counted on a second copy: opening a database after a crash recovers (and may checkpoint) its WAL.
        var inspect = Path.Combine(victimDir, "inspect");
        Directory.CreateDirectory(inspect);
        foreach (var file in Directory.GetFiles(restartDir, "edge.db*"))
        {
            File.Copy(file, Path.Combine(inspect, Path.GetFileName(file)));
        }

        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path.Combine(inspect, "edge.db"), Pooling = false }.ToString());
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT IFNULL(MAX(id), 0) FROM slot_plans";
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    /// <summary>The group's latest plan after <paramref name="after"/>, once no new plan has come for a second.</summary>
    private static async Task<ArchivedPlan> SettledLatestPlanAsync(string database, string group, long after)
    {
        ArchivedPlan? latest = null;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            var now = await PlanAsync(database, $"SELECT id, input_json, input_sha256, output_sha256 FROM slot_plans WHERE group_id = '{group}' AND id > {after} ORDER BY id DESC LIMIT 1");
            if (now is not null && now.Id == latest?.Id)
            {
                return now;
            }

            latest = now;
            await Task.Delay(1000);
        }

        throw new TimeoutException($"the twin did not re-plan {group}");
    }

    private static Task<ArchivedPlan?> FirstPlanAfterAsync(string database, string group, long after) =>
        PlanAsync(database, $"SELECT id, input_json, input_sha256, output_sha256 FROM slot_plans WHERE group_id = '{group}' AND id > {after} ORDER BY id LIMIT 1");

    private static async Task<ArchivedPlan?> PlanAsync(string database, string sql)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = database, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        return await reader.ReadAsync() ? new ArchivedPlan(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3)) : null;
    }

    private static Dictionary<string, long> Delivered(string inputJson)
    {
        using var input = JsonDocument.Parse(inputJson);
        return input.RootElement.GetProperty("sessions").EnumerateArray()
            .ToDictionary(s => s.GetProperty("connectorId").GetString()!, s => s.GetProperty("energyDeliveredWh").GetInt64(), StringComparer.Ordinal);
    }
}
