using System.Diagnostics;
using System.Numerics;
using Microsoft.Data.Sqlite;
using OliMove.Chain;
using OliMove.Edge.Retention;
using OliMove.Storage;

namespace OliMove.Bench.Retention;

/// <summary>
/// A simulated stretch of days on the box, on a simulated clock: each quarter hour the site's meter values (one unit
/// of work, the real insert), each group's plan and the slot's outbox record; transactions started at plug-in and
/// stopped and settled at plug-out; the real <see cref="RetentionPass"/> every simulated hour with the product's
/// retention settings. At each day's end it measures the file, its free pages, its rows and the archive folder.
/// </summary>
internal sealed class YearSimulation(BenchSettings settings, SyntheticSite site)
{
    public static readonly DateTimeOffset Start = new(2026, 1, 5, 0, 0, 0, TimeSpan.Zero);

    public async Task<IReadOnlyList<DayFigures>> RunAsync(Action<DayFigures> onDay, CancellationToken ct)
    {
        if (Directory.Exists(settings.Directory))
        {
            Directory.Delete(settings.Directory, recursive: true);
        }

        Directory.CreateDirectory(settings.Directory);
        var clock = new SimulatedClock(Start);
        var path = Path.Combine(settings.Directory, "olimove-edge.db");
        await using var db = await EdgeDatabase.OpenAsync(path, new EdgeDatabaseSettings { Time = clock }, ct);
        await new ChargePointRepository(db).SyncFromSiteMapAsync(site.Site, Start, ct);
        var options = new RetentionOptions
        {
            RawMeterValueDays = settings.RawDays,
            SlotPlanDays = settings.PlanDays,
            MeterValueQuarterDays = settings.QuarterDays,
            DeliveredRecordDays = settings.DeliveredDays,
            ArchiveDirectory = Path.Combine(settings.Directory, "slot-archives"),
        };
        var plans = new SlotPlanRepository(db);
        var pass = new RetentionPass(db, plans, options, clock);
        var meterValues = new MeterValueRepository(db);
        var transactions = new TransactionRepository(db);
        var settlements = new SessionSettlementRepository(db);
        var outbox = new ChainOutboxRepository(db);
        var figures = new List<DayFigures>();
        for (var day = 0; day < settings.Days; day++)
        {
            var dayStarted = Stopwatch.GetTimestamp();
            var midnight = Start.AddDays(day);
            var sessions = site.SessionsOf(day, midnight);
            var ids = new Dictionary<int, long>();
            long inserted = 0;
            var longestBatch = TimeSpan.Zero;
            var longestPass = TimeSpan.Zero;
            for (var slot = 0; slot < 96; slot++)
            {
                var slotStart = midnight.AddMinutes(15 * slot);
                var slotEnd = slotStart.AddMinutes(15);
                clock.Now = slotEnd;
                await db.WriteAsync(async scope =>
                {
                    foreach (var s in sessions.Where(s => s.Arrival >= slotStart && s.Arrival < slotEnd))
                    {
                        ids[s.Charger] = (await transactions.StartAsync(scope, new NewTransaction(SyntheticSite.ChargerId(s.Charger), 1, $"TAG-{s.Charger:D4}", 0, s.Arrival), ct)).TransactionId;
                    }

                    inserted += await meterValues.AddAsync(scope, [.. site.SamplesIn(sessions.Where(s => ids.ContainsKey(s.Charger) && s.Arrival < slotEnd).ToList(), ids, slotStart, slotEnd)], ct);
                    foreach (var s in sessions.Where(s => s.Departure >= slotStart && s.Departure < slotEnd))
                    {
                        var delivered = (long)Math.Round((double)Math.Min(s.EnergyWh, (long)(11_000 * (s.Departure - s.Arrival).TotalHours)));
                        await transactions.StopAsync(scope, ids[s.Charger], delivered, s.Departure, "EVDisconnected", ct);
                        await settlements.RecordAsync(scope, new SessionSettlement(ids[s.Charger], delivered, delivered * 30 / 1000, "EUR", 0, BigInteger.Zero, s.Departure), ct);
                        await outbox.EnqueueAsync(scope, ChainOutboxKinds.Settlement, $"settlement:{ids[s.Charger]}", $$"""{"transactionId":{{ids[s.Charger]}},"energyWh":{{delivered}}}""", s.Departure, ct);
                    }

                    for (var group = 0; group < settings.Groups; group++)
                    {
                        await plans.AppendAsync(scope, site.PlanOf(group, slot, slotStart, sessions, ids), slotStart, ct);
                    }

                    await outbox.EnqueueAsync(scope, ChainOutboxKinds.SlotStatus, $"slot:{slotStart.ToUnixTimeSeconds()}", site.SlotPayload(slotStart), slotEnd, ct);
                }, ct);

                // The chain writer confirms what was queued (a block a slot).
                var queued = await outbox.ListUnconfirmedAsync(null, 10_000, ct);
                if (queued.Count > 0)
                {
                    await outbox.MarkConfirmedAsync([.. queued.Select(i => i.Id)], "0x" + new string('b', 64), day * 96 + slot, slotEnd, ct);
                }

                if (slot % 4 == 3)
                {
                    var passStarted = Stopwatch.GetTimestamp();
                    var report = await pass.RunAsync(ct);
                    var took = Stopwatch.GetElapsedTime(passStarted);
                    longestPass = took > longestPass ? took : longestPass;
                    longestBatch = report.LongestBatch > longestBatch ? report.LongestBatch : longestBatch;
                }
            }

            var measured = await MeasureAsync(path, options.ArchiveDirectory, day, inserted, longestBatch, longestPass, Stopwatch.GetElapsedTime(dayStarted), ct);
            figures.Add(measured);
            onDay(measured);
        }

        return figures;
    }

    private static async Task<DayFigures> MeasureAsync(string path, string archives, int day, long inserted, TimeSpan longestBatch, TimeSpan longestPass, TimeSpan real, CancellationToken ct)
    {
        await using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync(ct);
        async Task<long> Scalar(string sql)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            return (long)(await command.ExecuteScalarAsync(ct))!;
        }

        var pageSize = await Scalar("PRAGMA page_size;");
        var archiveBytes = Directory.Exists(archives) ? Directory.EnumerateFiles(archives).Sum(f => new FileInfo(f).Length) : 0;
        return new DayFigures(day + 1,
            await Scalar("PRAGMA page_count;") * pageSize, await Scalar("PRAGMA freelist_count;") * pageSize,
            await Scalar("SELECT COUNT(*) FROM meter_values;"), await Scalar("SELECT COUNT(*) FROM meter_value_quarters;"),
            await Scalar("SELECT COUNT(*) FROM slot_plans;"), await Scalar("SELECT COUNT(*) FROM transactions;"),
            archiveBytes, inserted, longestBatch, longestPass, real);
    }
}
