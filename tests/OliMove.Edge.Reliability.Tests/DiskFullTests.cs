using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OliMove.Edge.Testing;
using OliMove.Ocpp.Framing;
using OliMove.Ocpp.Messages;
using OliMove.Storage;

namespace OliMove.Edge.ReliabilityTests;

/// <summary>
/// Issue 12, faults: the disk fills up under the running service. The real service with its database capped by
/// Storage.MaxDatabaseMegabytes (SQLite then answers SQLITE_FULL as on a full disk, docs/decisions/0140), real
/// charge points over WebSockets, and a ballast in the file that takes every page left under the cap, as other
/// files take a real disk. Nothing the service cannot store is acknowledged; it says so; it recovers by itself.
/// </summary>
public class DiskFullTests
{
    private const int CapMegabytes = 2;
    private const long CapBytes = CapMegabytes * 1024L * 1024L;
    private static readonly DateTimeOffset T0 = DateTimeOffset.UtcNow.AddMinutes(-30);

    [Fact]
    public async Task On_a_full_disk_nothing_unstored_is_acknowledged_the_failure_is_reported_and_the_service_recovers_by_itself_storing_every_retry_once()
    {
        await using var host = await EdgeTestHost.StartAsync(
            siteMapYaml: TestSiteMap.Yaml(1, 5, 55_000),
            configure: o => o.Storage.MaxDatabaseMegabytes = CapMegabytes);
        var db = host.Options.Database;
        using var http = new HttpClient { BaseAddress = host.BaseUri, Timeout = TimeSpan.FromSeconds(30) };
        var metered = await RetryingChargePoint.ConnectAsync(host.OcppUri, TestSiteMap.Id(1, 1), TestSiteMap.Key(TestSiteMap.Id(1, 1)));
        var stopping = await RetryingChargePoint.ConnectAsync(host.OcppUri, TestSiteMap.Id(1, 2), TestSiteMap.Key(TestSiteMap.Id(1, 2)));
        var busy = new List<RetryingChargePoint>();
        for (var i = 3; i <= 5; i++)
        {
            busy.Add(await RetryingChargePoint.ConnectAsync(host.OcppUri, TestSiteMap.Id(1, i), TestSiteMap.Key(TestSiteMap.Id(1, i))));
        }

        try
        {
            // Two sessions run before the disk fills.
            var meteredTx = metered.Start(1, "TAG-METERED", 1_000, T0);
            var stoppingTx = stopping.Start(1, "TAG-STOPPING", 2_000, T0);
            (await metered.DeliverAsync()).Should().BeNull();
            (await stopping.DeliverAsync()).Should().BeNull();
            var startsMade = 2;

            var ballast = await DatabaseBallast.FillAsync(db, CapBytes);
            var filledAt = Stopwatch.StartNew();

            // A MeterValues with 150 samples needs new pages: refused as a whole, kept by the charger.
            metered.MeterValues(1, meteredTx, Samples(T0.AddMinutes(1), ReadingContext.SamplePeriodic));
            var refusedMeter = await metered.DeliverAsync();
            refusedMeter.Should().NotBeNull("there is no room for 150 samples");
            refusedMeter!.Value.Action.Should().Be("MeterValues");
            refusedMeter.Value.ErrorCode.Should().Be(OcppErrorCode.InternalError, "the charger must keep the message and send it again (OCPP 1.6 §4.7)");
            metered.Queued.Should().Be(1);

            // A StopTransaction with its transaction data: refused as a whole, the session stays open.
            stopping.Stop(stoppingTx, 2_500, T0.AddMinutes(20), Samples(T0.AddMinutes(2), ReadingContext.SampleClock));
            (await stopping.DeliverAsync())!.Value.Action.Should().Be("StopTransaction");
            var stoppingId = stopping.TransactionId(stoppingTx)!.Value;
            (await SiteDatabase.ScalarAsync(db, $"SELECT COUNT(*) FROM transactions WHERE id = {stoppingId} AND stopped_at IS NULL")).Should().Be(1);
            (await SiteDatabase.ScalarAsync(db, $"SELECT COUNT(*) FROM meter_values WHERE transaction_id = {stoppingId}")).Should().Be(0, "nothing of a refused stop is stored");

            // Busy chargers start and stop sessions until a StartTransaction no longer fits (a small row may still
            // fit in a page with room, so it takes some rounds). A charger whose stop is refused keeps it and
            // leaves the next round to another charger.
            (string Action, string ErrorCode, string Description)? refusedStart = null;
            RetryingChargePoint? refusedStartOn = null;
            var refusedLocal = 0;
            var rounds = 0;
            foreach (var cp in busy)
            {
                while (refusedStart is null && rounds < 400)
                {
                    rounds++;
                    var local = cp.Start(1, string.Create(CultureInfo.InvariantCulture, $"TAG-{rounds}"), rounds * 10, T0.AddSeconds(rounds));
                    startsMade++;
                    if (await cp.DeliverAsync() is { } refusal)
                    {
                        refusal.Action.Should().Be("StartTransaction");
                        (refusedStart, refusedStartOn, refusedLocal) = (refusal, cp, local);
                        break;
                    }

                    cp.Stop(local, (rounds * 10) + 5, T0.AddSeconds(rounds).AddMinutes(1));
                    if (await cp.DeliverAsync() is not null)
                    {
                        break;
                    }
                }
            }

            refusedStart.Should().NotBeNull($"the transactions table has no room left after {rounds} rounds");
            refusedStart!.Value.ErrorCode.Should().Be(OcppErrorCode.InternalError);
            refusedStartOn!.TransactionId(refusedLocal).Should().BeNull("a refused start gets no transaction id");

            // A driver signs up: the API answers 507 with a JSON error (a few sign-ups may still fit first).
            HttpResponseMessage? refusedSignUp = null;
            var signUps = 0;
            for (; signUps < 100 && refusedSignUp is null; signUps++)
            {
                var answer = await http.PostAsJsonAsync("api/v1/me/sign-up", SignUp(signUps));
                if (answer.StatusCode != HttpStatusCode.Created)
                {
                    refusedSignUp = answer;
                }
            }

            refusedSignUp.Should().NotBeNull();
            refusedSignUp!.StatusCode.Should().Be(HttpStatusCode.InsufficientStorage);
            refusedSignUp.Headers.RetryAfter.Should().NotBeNull();
            var refusedBody = await refusedSignUp.Content.ReadFromJsonAsync<JsonElement>();
            refusedBody.GetProperty("error").GetString().Should().Contain("storage is full").And.Contain("nothing was stored");
            var refusedLogin = $"driver-{signUps - 1}";
            (await SiteDatabase.ScalarAsync(db, $"SELECT COUNT(*) FROM users WHERE login = '{refusedLogin}'")).Should().Be(0, "a refused sign-up leaves no half-made account");

            // Health says what is wrong; the log has it once as an Error; the service keeps serving.
            var health = await http.GetAsync("api/v1/health");
            health.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
            var healthBody = await health.Content.ReadFromJsonAsync<JsonElement>();
            healthBody.GetProperty("status").GetString().Should().Be("failing");
            healthBody.GetProperty("problems")[0].GetString().Should().Contain("database or disk is full").And.Contain("Storage.MaxDatabaseMegabytes");
            var storage = healthBody.GetProperty("storage");
            storage.GetProperty("writable").GetBoolean().Should().BeFalse();
            storage.GetProperty("maxDatabaseBytes").GetInt64().Should().Be(CapBytes);
            storage.GetProperty("freeBytes").GetInt64().Should().BeLessThan(host.Get<EdgeDatabase>().RecoveryHeadroomBytes);
            var refusedWrites = storage.GetProperty("refusedWrites").GetInt64();
            refusedWrites.Should().BeGreaterThanOrEqualTo(4, "the meter values, the stop, the start and the sign-up at least");
            host.ErrorLog.Errors.Where(e => e.Contains("Storage refuses writes", StringComparison.Ordinal)).Should().ContainSingle()
                .Which.Should().Contain("database or disk is full");
            (await metered.HeartbeatAsync()).CurrentTime.Should().BeAfter(T0, "OCPP is still served");
            (await http.GetAsync("api/v1/openapi.json")).StatusCode.Should().Be(HttpStatusCode.OK, "reads are still served");

            // Space comes back (the other files are deleted). Nobody restarts anything.
            var fullFor = filledAt.Elapsed;
            await DatabaseBallast.DropAsync(db);
            var freed = Stopwatch.StartNew();

            // The chargers send again what they kept, in order; everything is stored now.
            (await metered.DeliverAsync()).Should().BeNull();
            (await stopping.DeliverAsync()).Should().BeNull();
            foreach (var cp in busy)
            {
                (await cp.DeliverAsync()).Should().BeNull();
            }

            refusedStartOn.TransactionId(refusedLocal).Should().BeGreaterThan(0, "the refused start, sent again, got its transaction id");
            refusedStartOn.Stop(refusedLocal, 9_999, T0.AddHours(1));
            (await refusedStartOn.DeliverAsync()).Should().BeNull();
            (await http.PostAsJsonAsync("api/v1/me/sign-up", SignUp(signUps - 1))).StatusCode.Should().Be(HttpStatusCode.Created, "the same sign-up works once there is room");
            await Poll.UntilAsync(async () => (await http.GetAsync("api/v1/health")).StatusCode == HttpStatusCode.OK, "health is ok again");
            var recovered = freed.Elapsed;
            host.Get<EdgeDatabase>().Health.Writable.Should().BeTrue();

            // Every retried message is stored exactly once.
            var transactions = await SiteDatabase.TransactionsAsync(db);
            transactions.Should().HaveCount(startsMade, "every start the chargers made, the refused one included, is stored once");
            (await SiteDatabase.ScalarAsync(db, $"SELECT COUNT(*) FROM meter_values WHERE transaction_id = {metered.TransactionId(meteredTx)} AND context = 'Sample.Periodic'")).Should().Be(150);
            (await SiteDatabase.ScalarAsync(db, $"SELECT COUNT(*) FROM meter_values WHERE transaction_id = {stoppingId} AND context = 'Sample.Clock'")).Should().Be(150);
            (await SiteDatabase.ScalarAsync(db, $"SELECT meter_stop_wh FROM transactions WHERE id = {stoppingId}")).Should().Be(2_500);
            (await SiteDatabase.ScalarAsync(db, $"SELECT COUNT(*) FROM transactions WHERE stopped_at IS NULL")).Should().Be(1, "only the metered session is still charging");
            (await SiteDatabase.ScalarAsync(db, "SELECT COUNT(*) FROM users")).Should().Be(signUps);
            // Settlements whose write failed after their stop was acknowledged are made once storage recovers.
            await Poll.UntilAsync(
                async () => await SiteDatabase.ScalarAsync(db, "SELECT COUNT(*) FROM transactions t WHERE t.stopped_at IS NOT NULL AND NOT EXISTS (SELECT 1 FROM session_settlements s WHERE s.transaction_id = t.id)") == 0,
                "every stopped session is settled");
            (await SiteDatabase.ScalarAsync(db, "SELECT COUNT(*) FROM session_settlements")).Should().Be(startsMade - 1);
            (await SiteDatabase.ScalarAsync(db, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'test_ballast'")).Should().Be(0);

            var refusals = new[] { metered, stopping }.Concat(busy).SelectMany(cp => cp.Refusals).ToList();
            refusals.Should().OnlyContain(r => r.ErrorCode == OcppErrorCode.InternalError);
            ReliabilityScale.Report("disk full", string.Create(CultureInfo.InvariantCulture,
                $"cap {CapMegabytes} MiB, ballast {ballast / 1024} KiB took the rest; refused and kept by the chargers: {refusals.Count} transaction messages ({string.Join(", ", refusals.GroupBy(r => r.Action).Select(g => $"{g.Count()} {g.Key}"))}; the start after {rounds} start/stop rounds), API sign-up 507 after {signUps - 1} that fit; health 503 'failing' with {refusedWrites} refused writes, one Error log line; full for {fullFor.TotalSeconds:0.0} s; after space was freed: every retry stored once, health ok in {recovered.TotalSeconds:0.0} s, {startsMade - 1} sessions settled"));
        }
        finally
        {
            await metered.DisposeAsync();
            await stopping.DisposeAsync();
            foreach (var cp in busy)
            {
                await cp.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task A_settlement_that_could_not_be_written_after_its_stop_was_acknowledged_is_made_once_when_the_service_starts_again()
    {
        var directory = Path.Combine(Path.GetTempPath(), "olimove-late-settlement-" + Guid.NewGuid().ToString("N"));
        var first = await EdgeTestHost.StartAsync(siteMapYaml: TestSiteMap.Yaml(1, 1, 11_000), directory: directory);
        long transactionId;
        await using (var cp = await RetryingChargePoint.ConnectAsync(first.OcppUri, TestSiteMap.Id(1, 1), TestSiteMap.Key(TestSiteMap.Id(1, 1))))
        {
            var local = cp.Start(1, "TAG-LATE", 100, T0);
            cp.Stop(local, 4_100, T0.AddHours(1));
            (await cp.DeliverAsync()).Should().BeNull();
            transactionId = cp.TransactionId(local)!.Value;
        }

        await Poll.UntilAsync(async () => await SiteDatabase.ScalarAsync(first.Options.Database, "SELECT COUNT(*) FROM session_settlements") == 1, "the session is settled");
        await first.StopAsync();
        // The state a full disk (or a crash) leaves between the acknowledged stop and its settlement: no settlement row.
        await using (var raw = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(directory, "edge.db")};Pooling=False"))
        {
            await raw.OpenAsync();
            await using var delete = raw.CreateCommand();
            delete.CommandText = "DELETE FROM session_settlements;";
            (await delete.ExecuteNonQueryAsync()).Should().Be(1);
        }

        await using var second = await EdgeTestHost.StartAsync(siteMapYaml: TestSiteMap.Yaml(1, 1, 11_000), directory: directory);

        await Poll.UntilAsync(async () => await SiteDatabase.ScalarAsync(second.Options.Database, "SELECT COUNT(*) FROM session_settlements") == 1, "the outstanding settlement is made at start");
        (await SiteDatabase.ScalarAsync(second.Options.Database, $"SELECT energy_wh FROM session_settlements WHERE transaction_id = {transactionId}")).Should().Be(4_000);
        (await SiteDatabase.ScalarAsync(second.Options.Database, "SELECT COUNT(*) FROM transactions")).Should().Be(1);
    }

    private static object SignUp(int i) =>
        new { login = $"driver-{i}", password = "correct horse battery", idTag = $"DRV-{i}", displayName = new string('d', 80) };

    /// <summary>30 timestamps × (energy, power, current on three phases) = 150 samples.</summary>
    private static List<MeterValue> Samples(DateTimeOffset from, ReadingContext context) =>
        Enumerable.Range(0, 30).Select(i => new MeterValue
        {
            Timestamp = from.AddSeconds(i),
            SampledValue =
            [
                Value(1_000 + i, Measurand.EnergyActiveImportRegister, UnitOfMeasure.Wh, null, context),
                Value(7_400, Measurand.PowerActiveImport, UnitOfMeasure.W, null, context),
                Value(10.7, Measurand.CurrentImport, UnitOfMeasure.A, Phase.L1, context),
                Value(10.7, Measurand.CurrentImport, UnitOfMeasure.A, Phase.L2, context),
                Value(10.7, Measurand.CurrentImport, UnitOfMeasure.A, Phase.L3, context),
            ],
        }).ToList();

    private static SampledValue Value(double value, Measurand measurand, UnitOfMeasure unit, Phase? phase, ReadingContext context) => new()
    {
        Value = value.ToString("0.0", CultureInfo.InvariantCulture),
        Measurand = measurand,
        Unit = unit,
        Phase = phase,
        Context = context,
        Location = Location.Outlet,
    };
}
