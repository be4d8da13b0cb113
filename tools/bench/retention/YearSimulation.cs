using System.Diagnostics;
using System.Globalization;
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
/// retention settings. At each day's end it measures the file, its free pages, its rows and the archive folder and
/// appends the day to the CSV; on some days it also records each table's and index's bytes (SQLite's dbstat). A run
/// with <c>--resume</c> continues the file and the CSV after the last whole day.
/// </summary>
internal sealed class YearSimulation(BenchSettings settings, SyntheticSite site)
{
    public static readonly DateTimeOffset Start = new(2026, 1, 5, 0, 0, 0, TimeSpan.Zero);

    public static string DatabasePath(BenchSettings settings) => Path.Combine(settings.Directory, "olimove-edge.db");

    public static string ArchivePath(BenchSettings settings) => Path.Combine(settings.Directory, "slot-archives");

    /// <summary>The days whose tables and indexes are measured one by one (dbstat reads every page, so not every day).</summary>
    public static bool IsTableDay(int day, int days) => day is 1 or 2 or 7 or 14 or 15 or 16 or 35 or 36 or 37 or 42 or 50 || day % 30 == 0 || day == days;

    public async Task<IReadOnlyList<DayFigures>> RunAsync(Action<DayFigures> onDay, CancellationToken ct)
    {
        var figures = new List<DayFigures>();
        if (settings.Resume && File.Exists(settings.DaysCsv))
        {
            figures.AddRange(File.ReadLines(settings.DaysCsv).Skip(1).Where(l => l.Length > 0).Select(DayFigures.FromCsv));
        }
        else
        {
            if (Directory.Exists(settings.Directory))
            {
                Directory.Delete(settings.Directory, recursive: true);
            }

            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(settings.DaysCsv))!);
            await File.WriteAllTextAsync(settings.DaysCsv, DayFigures.CsvHeader + "\n", ct);
            await File.WriteAllTextAsync(settings.TablesCsv, "day,name,bytes\n", ct);
        }

        Directory.CreateDirectory(settings.Directory);
        var firstDay = figures.Count;
        var clock = new SimulatedClock(Start.AddDays(firstDay));
        var path = DatabasePath(settings);
        await using var db = await EdgeDatabase.OpenAsync(path, new EdgeDatabaseSettings { Time = clock }, ct);
        if (firstDay == 0)
        {
            await new ChargePointRepository(db).SyncFromSiteMapAsync(site.Site, Start, ct);
        }
        else
        {
            await RefusePartDayAsync(path, Start.AddDays(firstDay), ct);
            Console.WriteLine($"resuming after day {firstDay}");
        }

        var options = new RetentionOptions
        {
            RawMeterValueDays = settings.RawDays,
            SlotPlanDays = settings.PlanDays,
            MeterValueQuarterDays = settings.QuarterDays,
            DeliveredRecordDays = settings.DeliveredDays,
            BatchRows = settings.BatchRows,
            ArchiveDirectory = ArchivePath(settings),
        };
        var plans = new SlotPlanRepository(db);
        var pass = new RetentionPass(db, plans, options, clock);
        var meterValues = new MeterValueRepository(db);
        var transactions = new TransactionRepository(db);
        var settlements = new SessionSettlementRepository(db);
        var outbox = new ChainOutboxRepository(db);
        using var process = Process.GetCurrentProcess();
        for (var day = firstDay; day < settings.Days; day++)
        {
            var dayStarted = Stopwatch.GetTimestamp();
            process.Refresh();
            var cpuStarted = process.TotalProcessorTime;
            var midnight = Start.AddDays(day);
            var sessions = site.SessionsOf(day, midnight);
            var ids = new Dictionary<int, long>();
            long inserted = 0;
            var longestBatch = TimeSpan.Zero;
            var longestPass = TimeSpan.Zero;
            TimeSpan writing = TimeSpan.Zero, confirming = TimeSpan.Zero, passing = TimeSpan.Zero;
            for (var slot = 0; slot < 96; slot++)
            {
                var slotStart = midnight.AddMinutes(15 * slot);
                var slotEnd = slotStart.AddMinutes(15);
                clock.Now = slotEnd;
                var phase = Stopwatch.GetTimestamp();
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
                        await plans.AppendAsync(scope, site.PlanOf(group, slot, slotStart), slotStart, ct);
                    }

                    await outbox.EnqueueAsync(scope, ChainOutboxKinds.SlotStatus, $"slot:{slotStart.ToUnixTimeSeconds()}", site.SlotPayload(slotStart), slotEnd, ct);
                }, ct);
                writing += Stopwatch.GetElapsedTime(phase);

                // The chain writer confirms what was queued (a block a slot).
                phase = Stopwatch.GetTimestamp();
                var queued = await outbox.ListUnconfirmedAsync(null, 10_000, ct);
                if (queued.Count > 0)
                {
                    await outbox.MarkConfirmedAsync([.. queued.Select(i => i.Id)], "0x" + new string('b', 64), day * 96 + slot, slotEnd, ct);
                }

                confirming += Stopwatch.GetElapsedTime(phase);
                if (slot % 4 == 3)
                {
                    var passStarted = Stopwatch.GetTimestamp();
                    var report = await pass.RunAsync(ct);
                    var took = Stopwatch.GetElapsedTime(passStarted);
                    passing += took;
                    longestPass = took > longestPass ? took : longestPass;
                    longestBatch = report.LongestBatch > longestBatch ? report.LongestBatch : longestBatch;
                }
            }

            var measuring = Stopwatch.GetTimestamp();
            var measured = await MeasureAsync(path, options.ArchiveDirectory, day, ct);
            if (IsTableDay(day + 1, settings.Days))
            {
                await File.AppendAllLinesAsync(settings.TablesCsv, (await TableBytesAsync(path, ct)).Select(t => string.Create(CultureInfo.InvariantCulture, $"{day + 1},{t.Name},{t.Bytes}")), ct);
            }

            var measureTime = Stopwatch.GetElapsedTime(measuring);
            process.Refresh();
            var load = File.Exists("/proc/loadavg") ? double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], CultureInfo.InvariantCulture) : double.NaN;
            var done = measured with
            {
                ValuesInserted = inserted,
                LongestBatch = longestBatch,
                LongestPass = longestPass,
                RealTime = Stopwatch.GetElapsedTime(dayStarted),
                CpuTime = process.TotalProcessorTime - cpuStarted,
                WriteTime = writing,
                ConfirmTime = confirming,
                PassTime = passing,
                MeasureTime = measureTime,
                Load = load,
            };
            await File.AppendAllTextAsync(settings.DaysCsv, done.ToCsv() + "\n", ct);
            figures.Add(done);
            onDay(done);
        }

        return figures;
    }

    /// <summary>A run stopped inside a day left part of it in the file; continuing would store that part twice.</summary>
    private static async Task RefusePartDayAsync(string path, DateTimeOffset midnight, CancellationToken ct)
    {
        await using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM transactions WHERE started_at >= $midnight;";
        command.Parameters.AddWithValue("$midnight", midnight.ToUnixTimeMilliseconds());
        if ((long)(await command.ExecuteScalarAsync(ct))! > 0)
        {
            throw new InvalidOperationException(
                $"The file holds transactions from {midnight:yyyy-MM-dd} on, past the last day in the CSV: the run stopped inside a day and cannot be resumed; start again without --resume.");
        }
    }

    private static async Task<DayFigures> MeasureAsync(string path, string archives, int day, CancellationToken ct)
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
        // Readings (rows of meter_readings, decision 0369), not the view's sampled values: counting those expands
        // every reading's JSON, seconds a day at 35 days of 1,000 chargers.
        return new DayFigures(day + 1,
            await Scalar("PRAGMA page_count;") * pageSize, await Scalar("PRAGMA freelist_count;") * pageSize,
            await Scalar("SELECT COUNT(*) FROM meter_readings;"), await Scalar("SELECT COUNT(*) FROM meter_value_quarters;"),
            await Scalar("SELECT COUNT(*) FROM slot_plans;"), await Scalar("SELECT COUNT(*) FROM transactions;"),
            archiveBytes, 0, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, 0);
    }

    /// <summary>
    /// Bytes per table and index from SQLite's dbstat, through the sqlite3 command-line shell (the SQLite bundled with
    /// Microsoft.Data.Sqlite is built without dbstat); none when the shell is not installed.
    /// </summary>
    private static async Task<IReadOnlyList<(string Name, long Bytes)>> TableBytesAsync(string path, CancellationToken ct)
    {
        var start = new ProcessStartInfo("sqlite3") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "-readonly", "-csv", path, "SELECT name, SUM(pgsize) FROM dbstat GROUP BY name ORDER BY 2 DESC;" })
        {
            start.ArgumentList.Add(arg);
        }

        try
        {
            using var shell = Process.Start(start)!;
            var output = await shell.StandardOutput.ReadToEndAsync(ct);
            await shell.WaitForExitAsync(ct);
            return shell.ExitCode != 0 ? [] : [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Trim().Split(','))
                .Where(f => f.Length == 2).Select(f => (f[0].Trim('"'), long.Parse(f[1], CultureInfo.InvariantCulture)))];
        }
        catch (System.ComponentModel.Win32Exception)
        {
            Console.WriteLine("no sqlite3 shell on the PATH: tables and indexes not measured");
            return [];
        }
    }
}
