using Microsoft.Data.Sqlite;

namespace OliMove.Storage.Tests;

public sealed class MigrationTests : IAsyncLifetime
{
    // The v1 schema is kept verbatim in Fixtures/schema-v1.sql (the historical fixture); these are rows a v1
    // installation would hold.
    private const string Version1Rows = """
        INSERT INTO charge_points (id, group_id, circuit_id, vendor, model, updated_at)
            VALUES ('OLD-CP', 'g-old', 'cab-old', 'ACME', 'Wallbox 1', 1764072000000);
        INSERT INTO connectors (charge_point_id, connector_id, phases, min_current_a, max_current_a, rated_power_w, charging_rate_unit)
            VALUES ('OLD-CP', 1, 3, 6, 16, 11000, 'A');
        INSERT INTO transactions (charge_point_id, connector_id, id_tag, meter_start_wh, started_at)
            VALUES ('OLD-CP', 1, 'OLDTAG', 1000, 1764072000000);
        INSERT INTO meter_values (charge_point_id, connector_id, transaction_id, sampled_at, measurand, context, value, unit)
            VALUES ('OLD-CP', 1, 1, 1764072060000, 'Energy.Active.Import.Register', 'Sample.Periodic', 1400, 'Wh');
        INSERT INTO users (login, display_name, password_hash, created_at) VALUES ('ada@example.org', 'Ada', 'pbkdf2$old', 1764072000000);
        INSERT INTO id_tags VALUES ('OLDTAG', 1, 1764072000000);
        INSERT INTO chain_outbox (kind, key, payload_json, created_at, state) VALUES ('status', 'slot:old', '{}', 1764072000000, 'pending');
        """;

    private readonly TempDatabaseFile _file = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _file.DisposeAsync().AsTask();

    [Fact]
    public async Task Upgrades_a_version_1_file_and_keeps_its_rows()
    {
        await ExecuteRawAsync(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Fixtures", "schema-v1.sql")));
        await ExecuteRawAsync(Version1Rows);

        await using var db = await EdgeDatabase.OpenAsync(_file.Path);

        db.SchemaVersion.Should().Be(EdgeDatabase.LatestSchemaVersion);
        var cp = await new ChargePointRepository(db).GetAsync("OLD-CP");
        cp!.Boot.Should().BeNull("the v1 row has no boot status");
        cp.GroupId.Should().Be("g-old");
        cp.Capabilities.Should().Be(new SmartChargingCapabilities(null, null, null, null), "columns added in v2 start empty");
        cp.Connectors.Should().ContainSingle().Which.ConnectorId.Should().Be(1);
        (await ScalarAsync("SELECT rated_power_w FROM connectors WHERE charge_point_id = 'OLD-CP';")).Should().Be(11_000.0);

        var tx = await new TransactionRepository(db).GetActiveAsync("OLD-CP", 1);
        tx!.MeterStartWh.Should().Be(1000);
        (await new MeterValueRepository(db).GetEnergyDeliveredWhAsync(tx.Id)).Should().Be(400);
        var user = await new UserRepository(db).GetByIdTagAsync("oldtag");
        user!.Login.Should().Be("ada@example.org");
        user.WalletAddress.Should().BeNull();
        (await new UserRepository(db).ListBoundIdTagsAsync(user.Id)).Should().ContainSingle()
            .Which.BoundBy.Should().Be("before-0009", "an account from before card claims keeps its card as bound (migration 0009)");
        (await new ChainOutboxRepository(db).ListUnconfirmedAsync(null, 10)).Should().ContainSingle().Which.Key.Should().Be("slot:old");

        // What v2 added works on the upgraded file.
        (await new ChargePointRepository(db).RecordCapabilitiesAsync("OLD-CP", new SmartChargingCapabilities("Current", 24, 3, 4))).Should().BeTrue();
        (await new SessionSettlementRepository(db).RecordAsync(new SessionSettlement(tx.Id, 5000, 150, "EUR", 1.5, 10, TestSite.T0))).Should().BeTrue();
    }

    [Fact]
    public async Task An_upgraded_version_1_file_has_exactly_the_schema_of_a_new_file()
    {
        await ExecuteRawAsync(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Fixtures", "schema-v1.sql")));
        await (await EdgeDatabase.OpenAsync(_file.Path)).DisposeAsync();
        await using var fresh = new TempDatabaseFile();
        await (await EdgeDatabase.OpenAsync(fresh.Path)).DisposeAsync();

        var upgraded = await SchemaAsync(_file.Path);

        upgraded.Should().NotBeEmpty().And.Equal(await SchemaAsync(fresh.Path));
    }

    [Fact]
    public async Task Reopening_an_up_to_date_file_applies_nothing()
    {
        await (await EdgeDatabase.OpenAsync(_file.Path)).DisposeAsync();
        await using (var again = await EdgeDatabase.OpenAsync(_file.Path))
        {
            again.SchemaVersion.Should().Be(EdgeDatabase.LatestSchemaVersion);
        }

        (await ScalarAsync("SELECT COUNT(*) FROM schema_version;")).Should().Be((long)EdgeDatabase.KnownSchemaVersions.Count);
    }

    [Fact]
    public async Task Refuses_a_file_from_a_newer_version_and_leaves_it_untouched()
    {
        await (await EdgeDatabase.OpenAsync(_file.Path)).DisposeAsync();
        var future = EdgeDatabase.LatestSchemaVersion + 1;
        await ExecuteRawAsync($"""
            INSERT INTO schema_version VALUES ({future}, 'from_the_future', 0);
            CREATE TABLE future_table (x INTEGER);
            """);

        var act = () => EdgeDatabase.OpenAsync(_file.Path);

        var error = (await act.Should().ThrowAsync<SchemaVersionTooNewException>()).Which;
        error.FileVersion.Should().Be(future);
        error.KnownVersion.Should().Be(EdgeDatabase.LatestSchemaVersion);
        error.Message.Should().Contain($"schema version {future}").And.Contain("newer OliMove Edge");
        (await ScalarAsync("SELECT MAX(version) FROM schema_version;")).Should().Be((long)future);
    }

    private Task ExecuteRawAsync(string sql) => RawSqlite.ExecuteAsync(_file.Path, sql);

    private static async Task<IReadOnlyList<string>> SchemaAsync(string path)
    {
        await using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT type || ' ' || name || ': ' || COALESCE(sql, '') FROM sqlite_master ORDER BY type, name;";
        var rows = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.GetString(0));
        }

        return rows;
    }

    private async Task<object?> ScalarAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={_file.Path};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }
}
