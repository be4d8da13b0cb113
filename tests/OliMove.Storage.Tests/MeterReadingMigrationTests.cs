using Microsoft.Data.Sqlite;

namespace OliMove.Storage.Tests;

/// <summary>
/// Migration 0007 turns the old meter_values table (one row per sampled value) into meter_readings and the view. A site's
/// file has every later migration already (0007 fills a hole), so the old shape is rebuilt here on an up-to-date file.
/// </summary>
public sealed class MeterReadingMigrationTests : IAsyncLifetime
{
    private const string OldShape = """
        DROP VIEW meter_values;
        DROP TABLE meter_readings;
        DELETE FROM schema_version WHERE version = 7;
        CREATE TABLE meter_values (
            id              INTEGER NOT NULL PRIMARY KEY,
            charge_point_id TEXT    NOT NULL REFERENCES charge_points (id),
            connector_id    INTEGER NOT NULL CHECK (connector_id >= 0),
            transaction_id  INTEGER REFERENCES transactions (id),
            sampled_at      INTEGER NOT NULL,
            measurand       TEXT    NOT NULL,
            phase           TEXT    NOT NULL DEFAULT '',
            location        TEXT    NOT NULL DEFAULT '',
            context         TEXT    NOT NULL,
            value           REAL    NOT NULL,
            unit            TEXT    NOT NULL,
            UNIQUE (charge_point_id, connector_id, measurand, phase, location, context, sampled_at)
        ) STRICT;
        CREATE INDEX ix_meter_values_transaction ON meter_values (transaction_id, measurand, sampled_at)
            WHERE transaction_id IS NOT NULL;
        """;

    private const string SchemaSql = "SELECT type || ' ' || name || ': ' || COALESCE(sql, '') FROM sqlite_master ORDER BY type, name";

    private static readonly DateTimeOffset T0 = TestSite.T0;

    private readonly TempDatabaseFile _file = new();
    private readonly TempDatabaseFile _fresh = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _file.DisposeAsync();
        await _fresh.DisposeAsync();
    }

    [Fact]
    public async Task Converts_old_rows_into_readings_that_read_back_as_the_same_sampled_values()
    {
        long tx;
        await using (var db = await EdgeDatabase.OpenAsync(_file.Path))
        {
            await new ChargePointRepository(db).SyncFromSiteMapAsync(TestSite.Site(TestSite.ChargePoints), T0);
            tx = (await new TransactionRepository(db).StartAsync(new NewTransaction("CP-1", 1, "TAG", 1000, T0))).TransactionId;
        }

        var at = StoredTime.ToDb(T0.AddMinutes(1));
        await RawSqlite.ExecuteAsync(_file.Path, OldShape + $"""
            INSERT INTO meter_values (charge_point_id, connector_id, transaction_id, sampled_at, measurand, phase, location, context, value, unit) VALUES
                ('CP-1', 1, {tx}, {at}, 'Energy.Active.Import.Register', '', '', 'Sample.Periodic', 1400, 'Wh'),
                ('CP-1', 1, {tx}, {at}, 'Current.Import', 'L1', '', 'Sample.Periodic', 15.5, 'A'),
                ('CP-1', 1, {tx}, {at}, 'Temperature', '', 'Body', 'Sample.Periodic', 41, 'Celsius'),
                ('CP-1', 1, {tx}, {at}, 'Temperature', '', 'Cable', 'Sample.Periodic', 55, 'Celsius'),
                ('CP-1', 1, NULL, {at}, 'Voltage', '', '', 'Sample.Periodic', 230.1, 'V'),
                ('CP-1', 2, NULL, {at}, 'Voltage', '', '', 'Sample.Periodic', 229.9, 'V'),
                ('CP-1', 1, {tx}, {at + 60_000}, 'Energy.Active.Import.Register', '', '', 'Sample.Periodic', 1500.25, 'Wh');
            """);
        var before = await RowsAsync(_file.Path, "SELECT id, charge_point_id, connector_id, transaction_id, sampled_at, measurand, phase, location, context, value, unit FROM meter_values");

        await using (var db = await EdgeDatabase.OpenAsync(_file.Path))
        {
            db.SchemaVersion.Should().Be(EdgeDatabase.LatestSchemaVersion);
            var repository = new MeterValueRepository(db);
            (await repository.GetEnergyDeliveredWhAsync(tx)).Should().Be(500.25);
            (await repository.ListForTransactionAsync(tx)).Should().HaveCount(5);
            (await repository.AddAsync([new MeterSample("CP-1", 1, tx, T0.AddMinutes(1), "Current.Import", "L1", "Sample.Periodic", 15.5, "A")]))
                .Should().Be(0, "a replay of a converted sampled value is still a replay");
        }

        // Same sampled values (ids: a reading takes its oldest value's), four readings: per connector, timestamp and transaction.
        var after = await RowsAsync(_file.Path, "SELECT id, charge_point_id, connector_id, transaction_id, sampled_at, measurand, phase, location, context, value, unit FROM meter_values");
        after.Select(Unkeyed).Should().BeEquivalentTo(before.Select(Unkeyed));
        after.Select(r => r[0]).Distinct().Should().HaveCount(4);
        (await RowsAsync(_file.Path, "SELECT COUNT(*) FROM meter_readings")).Single()[0].Should().Be(4L);

        await (await EdgeDatabase.OpenAsync(_fresh.Path)).DisposeAsync();
        (await RowsAsync(_file.Path, SchemaSql)).Select(r => (string)r[0]!).Should().Equal(
            (await RowsAsync(_fresh.Path, SchemaSql)).Select(r => (string)r[0]!), "an upgraded file has a new file's schema");
    }

    private static string Unkeyed(object?[] row) => string.Join("|", row.Skip(1).Select(v => v is double d ? d.ToString("R", System.Globalization.CultureInfo.InvariantCulture) : v?.ToString()));

    private static async Task<List<object?[]>> RowsAsync(string path, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        var rows = new List<object?[]>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }

            rows.Add(row);
        }

        return rows;
    }
}
