using System.CommandLine;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;
using OliMove.Edge.Cli;
using OliMove.Edge.Retention;
using OliMove.Edge.Verification;
using OliMove.Storage;

namespace OliMove.Edge.Tests.Retention;

/// <summary>
/// A few days on the box in a real SQLite file on a fake clock, with short retentions (2 days raw, 4 days of
/// quarters, 1 day of plans): the pass folds and deletes what is old, keeps what is open or unsettled, exports plans
/// to archive files that verify reads, and billing totals survive.
/// </summary>
public sealed class RetentionPassTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Day0 = new(2026, 3, 2, 0, 0, 0, TimeSpan.Zero);

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "olimove-retention-" + Guid.NewGuid().ToString("N"));
    private readonly FakeTimeProvider _clock = new(Day0);
    private EdgeDatabase _db = null!;
    private RetentionSite _site = null!;

    private string DatabasePath => Path.Combine(_directory, "edge.db");

    private string ArchiveDirectory => Path.Combine(_directory, "slot-archives");

    private RetentionOptions Options => new()
    {
        RawMeterValueDays = 2,
        MeterValueQuarterDays = 4,
        SlotPlanDays = 1,
        DeliveredRecordDays = 2,
        BatchRows = 50,
        ArchiveDirectory = ArchiveDirectory,
    };

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        _db = await EdgeDatabase.OpenAsync(DatabasePath);
        _site = new RetentionSite(_db);
        await _site.RegisterAsync(Day0);
    }

    public async Task DisposeAsync()
    {
        await _db.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Six_days_leave_two_days_raw_quarters_for_billing_and_every_plan_verifiable_from_archives_or_sqlite()
    {
        // A session left open since day 0 and one stopped but never settled: their samples stay raw whatever their age.
        var open = await _site.StartAsync("RET-1", Day0.AddHours(1), 0);
        await _site.SampleAsync("RET-1", open, Day0.AddHours(1).AddMinutes(5), 100, 11_000);
        var pass = new RetentionPass(_db, new SlotPlanRepository(_db), Options, _clock);
        var reports = new List<RetentionReport>();
        long? unsettled = null;
        for (var day = 0; day < 6; day++)
        {
            await _site.SimulateDayAsync(Day0.AddDays(day));
            if (day == 0)
            {
                unsettled = await _site.StartAsync("RET-2", Day0.AddHours(20), 0);
                await _site.SampleAsync("RET-2", unsettled, Day0.AddHours(20).AddMinutes(5), 50, 7_000);
                await new TransactionRepository(_db).StopAsync(unsettled.Value, 60, Day0.AddHours(21), "Local");
            }

            // The service passes hourly; here every six hours of the next day.
            for (var hour = 6; hour <= 24; hour += 6)
            {
                _clock.SetUtcNow(Day0.AddDays(day + 1).AddHours(hour - 6));
                reports.Add(await pass.RunAsync(CancellationToken.None));
            }
        }

        var now = _clock.GetUtcNow();
        now.Should().Be(Day0.AddDays(6).AddHours(18));

        // Raw meter values: only the last two days, plus the open and the unsettled session's.
        var raw = await RawAsync();
        raw.Where(r => r.At < now.AddDays(-2)).Select(r => r.Tx).Distinct().Should().BeEquivalentTo(new long?[] { open, unsettled });
        raw.Where(r => r.At < now.AddDays(-2)).Should().HaveCount(4, "two samples (register and power) of each of the two sessions that must stay raw");

        // Quarters: the settled sessions of days 3 and 4 are folded and still sum to what was sampled; those of days
        // 0 to 2 are past the quarters' 4 days, but their transactions and settlements (the bill) stay.
        var retention = new MeterValueRetention(_db);
        var transactions = new TransactionRepository(_db);
        foreach (var (tx, energy) in _site.SampledEnergyWh)
        {
            var record = (await transactions.GetAsync(tx))!;
            (await new SessionSettlementRepository(_db).GetAsync(tx)).Should().NotBeNull();
            var quarters = await retention.ListQuartersAsync(tx);
            if (record.StartedAt >= now.AddDays(-4) && record.StartedAt < now.AddDays(-2))
            {
                quarters.Should().HaveCount(17, $"tx {tx} of {record.StartedAt:u}: 08:00 to 12:00 is 16 quarters and the 12:00 sample");
                (quarters[^1].EnergyLastWh - quarters[0].EnergyFirstWh).Should().Be(energy);
                quarters.Sum(q => q.SampleCount).Should().Be(2 * 49);
            }
            else if (record.StartedAt < now.AddDays(-4))
            {
                quarters.Should().BeEmpty($"tx {tx} of {record.StartedAt:u} is past the quarters' retention");
            }
        }

        // Plans: only today's and yesterday's in SQLite, every earlier day in one archive file.
        var inDb = await new SlotPlanRepository(_db).ListRangeAsync(null, Day0, now);
        inDb.Min(p => p.SlotStart).Should().Be(Day0.AddDays(5));
        SlotArchiveFiles.List(ArchiveDirectory).Select(f => f.Day).Should().Equal(Enumerable.Range(0, 5).Select(d => Day0.AddDays(d)));
        reports.Sum(r => r.PlansArchived).Should().Be(5 * 96);
        reports.Sum(r => r.PlansDeleted.Rows).Should().Be(5 * 96);

        // Outbox: slot records confirmed more than 2 days ago are gone, the newer ones stay.
        var outbox = await new ChainOutboxRepository(_db).GetByKeysAsync([$"slot:{Day0.ToUnixTimeSeconds()}", $"slot:{Day0.AddDays(3).ToUnixTimeSeconds()}", $"slot:{Day0.AddDays(5).ToUnixTimeSeconds()}"]);
        outbox.Select(i => i.Key).Should().Equal($"slot:{Day0.AddDays(5).ToUnixTimeSeconds()}");
        reports.Sum(r => r.OutboxDeleted.Rows).Should().Be(4 * 96, "the slot records of days 0 to 3, confirmed by the end of day 4");

        reports.Max(r => r.LongestBatch).Should().BePositive();
        reports.Sum(r => r.MeterValuesFolded.Rows).Should().Be(2 * 49 * 2 * 5, "five days of two sessions of 49 samples of two measurands");

        // verify reads the archive files and SQLite together: a range across the boundary, and a session in a file.
        await _db.DisposeAsync();
        var across = await VerifyAsync("verify", "--db", DatabasePath, "--archives", ArchiveDirectory, "--from", Iso(Day0.AddDays(4).AddHours(23)), "--to", Iso(Day0.AddDays(5).AddHours(1)));
        across.Exit.Should().Be(0, across.Output + across.Error);
        across.Output.Split('\n').Count(l => l.StartsWith("slot ", StringComparison.Ordinal) && l.TrimEnd().EndsWith("OK", StringComparison.Ordinal)).Should().Be(8);
        var session = _site.SampledEnergyWh.Keys.Min();
        var ofSession = await VerifyAsync("verify", "--archives", ArchiveDirectory, "--session", $"tx-{session}");
        ofSession.Exit.Should().Be(0, ofSession.Output + ofSession.Error);
        ofSession.Output.Split('\n').Count(l => l.StartsWith("slot ", StringComparison.Ordinal)).Should().Be(16, "the session was planned in the 16 slots from 08:00 to 12:00 of day 0");
        _db = await EdgeDatabase.OpenAsync(DatabasePath);
    }

    private static string Iso(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ");

    private static async Task<(int Exit, string Output, string Error)> VerifyAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await EdgeCommandLine.Build().Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
        return (exit, output.ToString(), error.ToString());
    }

    private async Task<List<(long? Tx, DateTimeOffset At)>> RawAsync()
    {
        await using var connection = new SqliteConnection($"Data Source={DatabasePath};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT transaction_id, sampled_at FROM meter_values ORDER BY id;";
        var rows = new List<(long?, DateTimeOffset)>();
        await using var r = await command.ExecuteReaderAsync();
        while (await r.ReadAsync())
        {
            rows.Add((r.IsDBNull(0) ? null : r.GetInt64(0), DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(1))));
        }

        return rows;
    }
}
