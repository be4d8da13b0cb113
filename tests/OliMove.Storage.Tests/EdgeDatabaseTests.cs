using Microsoft.Data.Sqlite;

namespace OliMove.Storage.Tests;

public sealed class EdgeDatabaseTests : IAsyncLifetime
{
    private readonly TempDatabaseFile _file = new();
    private EdgeDatabase _db = null!;

    public async Task InitializeAsync() => _db = await TestSite.OpenRegisteredAsync(_file);

    public Task DisposeAsync() => _file.DisposeAsync().AsTask();

    [Fact]
    public async Task New_file_is_in_WAL_mode_at_the_latest_schema_version()
    {
        _db.SchemaVersion.Should().Be(EdgeDatabase.LatestSchemaVersion).And.BeGreaterThanOrEqualTo(2);

        await using var raw = new SqliteConnection($"Data Source={_file.Path};Mode=ReadOnly;Pooling=False");
        await raw.OpenAsync();
        await using var command = raw.CreateCommand();
        command.CommandText = "PRAGMA journal_mode;";
        (await command.ExecuteScalarAsync()).Should().Be("wal");
        command.CommandText = "SELECT group_concat(version) FROM (SELECT version FROM schema_version ORDER BY version);";
        (await command.ExecuteScalarAsync()).Should().Be(string.Join(",", EdgeDatabase.KnownSchemaVersions));
    }

    [Fact]
    public async Task Unit_of_work_commits_all_its_writes_together()
    {
        var transactions = new TransactionRepository(_db);
        var outbox = new ChainOutboxRepository(_db);

        var id = await _db.WriteAsync(async scope =>
        {
            var start = await transactions.StartAsync(scope, new NewTransaction("CP-1", 1, "TAG1", 100, TestSite.T0));
            await outbox.EnqueueAsync(scope, "session", $"start:{start.TransactionId}", "{}", TestSite.T0);
            return start.TransactionId;
        });

        (await transactions.GetAsync(id)).Should().NotBeNull();
        (await outbox.GetByKeysAsync([$"start:{id}"])).Should().ContainSingle();
    }

    [Fact]
    public async Task Unit_of_work_that_throws_leaves_nothing_behind()
    {
        var transactions = new TransactionRepository(_db);
        var outbox = new ChainOutboxRepository(_db);

        var act = () => _db.WriteAsync(async scope =>
        {
            await transactions.StartAsync(scope, new NewTransaction("CP-1", 1, "TAG1", 100, TestSite.T0));
            await outbox.EnqueueAsync(scope, "session", "start:x", "{}", TestSite.T0);
            // The second fact breaks a foreign key: the whole unit must roll back.
            await transactions.StartAsync(scope, new NewTransaction("CP-UNKNOWN", 1, "TAG1", 100, TestSite.T0));
        });

        (await act.Should().ThrowAsync<SqliteException>()).Which.SqliteErrorCode.Should().Be(19); // SQLITE_CONSTRAINT
        (await transactions.ListActiveAsync()).Should().BeEmpty();
        (await outbox.GetStatsAsync()).PendingCount.Should().Be(0);
    }

    [Fact]
    public async Task Foreign_keys_are_enforced()
    {
        var meterValues = new MeterValueRepository(_db);
        var requests = new ChargingRequestRepository(_db);

        var unknownChargePoint = () => meterValues.AddAsync([new MeterSample("CP-9", 1, null, TestSite.T0, "Power.Active.Import", null, "Sample.Periodic", 1, "W")]);
        var unknownTransaction = () => meterValues.AddAsync([new MeterSample("CP-1", 1, 4242, TestSite.T0, "Power.Active.Import", null, "Sample.Periodic", 1, "W")]);
        var unknownUser = () => requests.CreateAsync(new NewChargingRequest(77, "CP-1", 1, false, null, null, null, null), TestSite.T0);

        (await unknownChargePoint.Should().ThrowAsync<SqliteException>()).WithMessage("*FOREIGN KEY*");
        (await unknownTransaction.Should().ThrowAsync<SqliteException>()).WithMessage("*FOREIGN KEY*");
        (await unknownUser.Should().ThrowAsync<SqliteException>()).WithMessage("*FOREIGN KEY*");
        (await meterValues.GetLatestAsync("CP-1", 1)).Should().BeEmpty();
    }

    [Fact]
    public async Task A_nested_WriteAsync_is_refused_instead_of_deadlocking()
    {
        var act = () => _db.WriteAsync(async _ => await _db.WriteAsync(_ => Task.CompletedTask));

        await act.Should().ThrowAsync<InvalidOperationException>().WithMessage("*inside another unit of work*");
    }

    [Fact]
    public async Task A_scope_cannot_be_used_after_its_unit_of_work_ended()
    {
        WriteScope? leaked = null;
        await _db.WriteAsync(scope =>
        {
            leaked = scope;
            return Task.CompletedTask;
        });

        var act = () => new ChainOutboxRepository(_db).EnqueueAsync(leaked!, "k", "late", "{}", TestSite.T0);

        await act.Should().ThrowAsync<InvalidOperationException>().WithMessage("*has ended*");
    }

    [Fact]
    public async Task Data_survives_closing_and_reopening_the_file()
    {
        await new ChainOutboxRepository(_db).EnqueueAsync("k", "persisted", "{}", TestSite.T0);
        await _db.DisposeAsync();

        var reopened = await _file.OpenAsync();

        (await new ChainOutboxRepository(reopened).GetByKeysAsync(["persisted"])).Should().ContainSingle();
        (await new ChargePointRepository(reopened).ListAsync()).Should().HaveCount(2);
    }

    [Fact]
    public async Task A_disposed_database_refuses_work()
    {
        await _db.DisposeAsync();

        var act = () => _db.WriteAsync(_ => Task.CompletedTask);

        await act.Should().ThrowAsync<ObjectDisposedException>();
    }

    [Fact]
    public async Task A_full_disk_surfaces_as_an_exception_commits_nothing_and_the_database_recovers()
    {
        var meterValues = new MeterValueRepository(_db);
        var outbox = new ChainOutboxRepository(_db);
        // max_page_count caps the file like a full disk does: SQLite answers SQLITE_FULL.
        await _db.WriteOutsideTransactionAsync("PRAGMA max_page_count = 1;", CancellationToken.None); // clamps to the current size
        var samples = Enumerable.Range(0, 2000)
            .Select(i => new MeterSample("CP-1", 1, null, TestSite.T0.AddSeconds(i), "Power.Active.Import", null, "Sample.Periodic", i, "W"))
            .ToList();

        var act = () => _db.WriteAsync(async scope =>
        {
            await outbox.EnqueueAsync(scope, "status", "before-full", "{}", TestSite.T0);
            await meterValues.AddAsync(scope, samples);
        });

        (await act.Should().ThrowAsync<SqliteException>()).Which.SqliteErrorCode.Should().Be(13); // SQLITE_FULL
        (await outbox.GetByKeysAsync(["before-full"])).Should().BeEmpty();

        await _db.WriteOutsideTransactionAsync("PRAGMA max_page_count = 1073741823;", CancellationToken.None);
        (await meterValues.AddAsync(samples)).Should().Be(2000);
    }

    [Fact]
    public async Task A_file_that_is_not_a_database_is_refused_with_SQLites_error()
    {
        var path = Path.Combine(_file.Directory, "not-a-db.db");
        await File.WriteAllTextAsync(path, new string('x', 4096));

        var act = () => EdgeDatabase.OpenAsync(path);

        await act.Should().ThrowAsync<SqliteException>().WithMessage("*not a database*");
    }
}
