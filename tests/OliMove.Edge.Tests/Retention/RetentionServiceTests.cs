using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using OliMove.Edge.Retention;
using OliMove.Storage;

namespace OliMove.Edge.Tests.Retention;

/// <summary>The hosted service runs the pass on the service's clock: a minute after start, then every interval.</summary>
public sealed class RetentionServiceTests
{
    [Fact]
    public async Task Runs_a_pass_a_minute_after_start_and_again_after_each_interval()
    {
        var day0 = new DateTimeOffset(2026, 3, 2, 0, 0, 0, TimeSpan.Zero);
        var directory = Path.Combine(Path.GetTempPath(), "olimove-retention-service-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var clock = new FakeTimeProvider(day0.AddDays(3));
        var db = await EdgeDatabase.OpenAsync(Path.Combine(directory, "edge.db"));
        try
        {
            var site = new RetentionSite(db);
            await site.RegisterAsync(day0);
            var tx = await site.StartAsync("RET-1", day0.AddHours(8), 0);
            await site.SampleAsync("RET-1", tx, day0.AddHours(8).AddMinutes(5), 900, 11_000);
            await site.SettleAsync(tx, 1_000, day0.AddHours(9));
            var options = new RetentionOptions { RawMeterValueDays = 2, IntervalMinutes = 60, ArchiveDirectory = Path.Combine(directory, "archives") };
            using var service = new RetentionService(new RetentionPass(db, new SlotPlanRepository(db), options, clock), options, clock, NullLogger<RetentionService>.Instance);
            var quarters = new MeterValueRetention(db);
            var started = clock.GetUtcNow();
            await service.StartAsync(CancellationToken.None);

            // ExecuteAsync may register its first wait a moment after StartAsync returns: the clock moves a minute at
            // a time until the pass has run, so the pass's time is known to the minute (never before the first minute).
            var firstPass = await AdvanceUntilAsync(clock, async () => (await quarters.ListQuartersAsync(tx)).Count == 1, "the first pass folds the settled session's samples");
            (firstPass - started).Should().BeGreaterThanOrEqualTo(TimeSpan.FromMinutes(1)).And.BeLessThanOrEqualTo(TimeSpan.FromMinutes(10));

            // A late sample of the same quarter: folded by the next pass, an interval later, into the same quarter.
            await site.SampleAsync("RET-1", tx, day0.AddHours(8).AddMinutes(10), 1_000, 10_000);
            await Task.Delay(300);
            var secondPass = await AdvanceUntilAsync(clock, async () => (await quarters.ListQuartersAsync(tx)).Single().SampleCount == 4, "the next pass merges the late sample");
            (secondPass - firstPass).Should().BeGreaterThanOrEqualTo(TimeSpan.FromMinutes(60), "passes are an interval apart").And.BeLessThanOrEqualTo(TimeSpan.FromMinutes(90));
            (await quarters.ListQuartersAsync(tx)).Single().Should().BeEquivalentTo(
                new MeterValueQuarter("RET-1", 1, tx, day0.AddHours(8), 900, day0.AddHours(8).AddMinutes(5), 1_000, day0.AddHours(8).AddMinutes(10), 10_500, 11_000, 2, 4));
            await service.StopAsync(CancellationToken.None);
        }
        finally
        {
            await db.DisposeAsync();
            SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>Advances the clock a minute at a time (letting the service run between steps) until the condition holds; returns the clock then.</summary>
    private static async Task<DateTimeOffset> AdvanceUntilAsync(FakeTimeProvider clock, Func<Task<bool>> condition, string because)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!await condition())
        {
            DateTime.UtcNow.Should().BeBefore(deadline, because);
            clock.Advance(TimeSpan.FromMinutes(1));
            await Task.Delay(50);
        }

        return clock.GetUtcNow();
    }
}
