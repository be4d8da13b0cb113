using Microsoft.Data.Sqlite;

namespace OliMove.Storage.Tests;

/// <summary>
/// The size cap (EdgeDatabaseSettings.MaxDatabaseBytes) makes SQLite answer SQLITE_FULL as a full disk does, and
/// the database's health follows: refused from the first storage fault, writable again once there is room.
/// </summary>
public sealed class StorageSizeCapTests : IAsyncLifetime
{
    private const long Cap = 1024 * 1024;
    private readonly TempDatabaseFile _file = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _file.DisposeAsync().AsTask();

    [Fact]
    public async Task A_write_past_the_cap_fails_with_SQLITE_FULL_marks_the_storage_failing_and_it_recovers_once_space_is_freed()
    {
        await using var db = await OpenCappedAsync(Cap);
        var meterValues = new MeterValueRepository(db);
        var changes = new List<StorageHealth>();
        db.HealthChanged += changes.Add;
        db.MaxDatabaseBytes.Should().Be(Cap, "1 MiB is a whole number of 4 KiB pages");
        (await meterValues.AddAsync(Samples(0, 10))).Should().Be(10);
        db.Health.Writable.Should().BeTrue();

        // Something else takes the room that is left, as other files fill a real disk.
        await DatabaseBallast.FillAsync(_file.Path, Cap);
        var refused = () => meterValues.AddAsync(Samples(1_000, 500));

        (await refused.Should().ThrowAsync<SqliteException>()).Which.SqliteErrorCode.Should().Be(StorageFault.SqliteFull);
        await refused.Should().ThrowAsync<SqliteException>();
        db.Health.Writable.Should().BeFalse();
        db.Health.LastFault!.IsDiskFull.Should().BeTrue();
        db.Health.LastFault.Message.Should().Be("database or disk is full");
        db.Health.RefusedWrites.Should().Be(2);
        db.Health.FailingSince.Should().NotBeNull();
        changes.Should().ContainSingle("one event when writes start failing, not one per refused write");
        (await ScalarAsync("SELECT COUNT(*) FROM meter_values")).Should().Be(10, "a refused unit of work stores nothing");

        await DatabaseBallast.DropAsync(_file.Path);
        (await meterValues.AddAsync(Samples(1_000, 500))).Should().Be(500);

        db.Health.Writable.Should().BeTrue();
        db.Health.FailingSince.Should().BeNull();
        db.Health.RefusedWrites.Should().Be(2, "the last episode stays on record");
        changes.Should().HaveCount(2);
        changes[1].Writable.Should().BeTrue();
        var space = await db.GetSpaceAsync();
        space.MaxDatabaseBytes.Should().Be(Cap);
        space.DatabaseBytes.Should().BeLessThanOrEqualTo(Cap);
        space.FreeBytes.Should().BeGreaterThanOrEqualTo(db.RecoveryHeadroomBytes).And.BeLessThanOrEqualTo(Cap);
    }

    [Fact]
    public async Task A_small_write_that_still_fits_in_a_page_does_not_end_the_episode_while_the_database_is_full()
    {
        await using var db = await OpenCappedAsync(Cap);
        var meterValues = new MeterValueRepository(db);
        await DatabaseBallast.FillAsync(_file.Path, Cap);
        await FluentActions.Awaiting(() => meterValues.AddAsync(Samples(0, 500))).Should().ThrowAsync<SqliteException>();

        // One sample fits in the table's last page, which has room; the database is still full.
        (await meterValues.AddAsync(Samples(5_000, 1))).Should().Be(1);

        db.Health.Writable.Should().BeFalse("only " + (await db.GetSpaceAsync()).FreeBytes + " bytes are free");
    }

    [Fact]
    public async Task A_constraint_violation_is_the_data_s_fault_and_leaves_the_storage_healthy()
    {
        await using var db = await OpenCappedAsync(Cap);
        var transactions = new TransactionRepository(db);

        var unknownConnector = () => transactions.StartAsync(new NewTransaction("CP-1", 9, "TAG", 0, TestSite.T0));

        (await unknownConnector.Should().ThrowAsync<SqliteException>()).Which.SqliteErrorCode.Should().Be(19);
        db.Health.Writable.Should().BeTrue();
        db.Health.LastFault.Should().BeNull();
    }

    [Fact]
    public async Task A_file_already_larger_than_the_cap_keeps_its_data_and_refuses_to_grow()
    {
        await using (var uncapped = await EdgeDatabase.OpenAsync(_file.Path))
        {
            await new ChargePointRepository(uncapped).SyncFromSiteMapAsync(TestSite.Site(TestSite.ChargePoints), TestSite.T0);
            await new MeterValueRepository(uncapped).AddAsync(Samples(0, 5_000));
            await uncapped.CheckpointAsync();
        }

        await using var db = await EdgeDatabase.OpenAsync(_file.Path, new EdgeDatabaseSettings { MaxDatabaseBytes = 64 * 1024 });

        var space = await db.GetSpaceAsync();
        db.MaxDatabaseBytes.Should().Be(space.DatabaseBytes, "SQLite never caps below the file's current size");
        space.DatabaseBytes.Should().BeGreaterThan(64 * 1024);
        (await ScalarAsync("SELECT COUNT(*) FROM meter_values")).Should().Be(5_000);
        await FluentActions.Awaiting(() => new MeterValueRepository(db).AddAsync(Samples(10_000, 500)))
            .Should().ThrowAsync<SqliteException>().Where(e => e.SqliteErrorCode == StorageFault.SqliteFull);
    }

    [Fact]
    public void Storage_faults_are_told_apart_from_other_errors()
    {
        StorageFault.Of(new SqliteException("database or disk is full", StorageFault.SqliteFull))!.IsDiskFull.Should().BeTrue();
        StorageFault.Of(new InvalidOperationException("wrapped", new SqliteException("disk I/O error", 10 | (3 << 8))))!
            .SqliteErrorCode.Should().Be(StorageFault.SqliteIoError, "extended codes (SQLITE_IOERR_WRITE) count by their primary code");
        StorageFault.Of(new SqliteException("UNIQUE constraint failed", 19)).Should().BeNull();
        StorageFault.Of(new IOException("not SQLite")).Should().BeNull();
    }

    private async Task<EdgeDatabase> OpenCappedAsync(long cap)
    {
        var db = await EdgeDatabase.OpenAsync(_file.Path, new EdgeDatabaseSettings { MaxDatabaseBytes = cap });
        await new ChargePointRepository(db).SyncFromSiteMapAsync(TestSite.Site(TestSite.ChargePoints), TestSite.T0);
        return db;
    }

    private static List<MeterSample> Samples(int first, int count) =>
        Enumerable.Range(first, count)
            .Select(i => new MeterSample("CP-1", 1, null, TestSite.T0.AddSeconds(i), "Power.Active.Import", null, "Sample.Periodic", i, "W"))
            .ToList();

    private async Task<long> ScalarAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={_file.Path};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
