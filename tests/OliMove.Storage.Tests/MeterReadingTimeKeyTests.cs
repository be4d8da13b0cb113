using Microsoft.Data.Sqlite;

namespace OliMove.Storage.Tests;

/// <summary>
/// The readings' unique key leads with the timestamp (decision 0399): a batch of MeterValues from many chargers
/// appends at the end of the index instead of writing one of its pages per charger. What is unique is unchanged, and a
/// running site reads a session's readings by its transaction and the others by time.
/// </summary>
public sealed class MeterReadingTimeKeyTests : RegisteredSiteTests
{
    private const string Register = MeterValueRepository.EnergyRegisterMeasurand;
    private const string Power = "Power.Active.Import";

    private MeterValueRepository Repository => new(Db);

    private static MeterSample Sample(string chargePointId, int connectorId, long? tx, DateTimeOffset at, string measurand, double value, string unit) =>
        new(chargePointId, connectorId, tx, at, measurand, null, "Sample.Periodic", value, unit);

    [Fact]
    public async Task The_unique_key_is_the_timestamp_then_charge_point_connector_and_transaction()
    {
        var columns = await ColumnsAsync(File.Path, "ux_meter_readings");

        columns.Should().Equal(["sampled_at", "charge_point_id", "connector_id", null], "the fourth column is IFNULL(transaction_id, 0), an expression");
    }

    [Fact]
    public async Task A_session_reads_the_newest_reading_of_each_measurand_linked_to_it_on_its_connector()
    {
        var transactions = new TransactionRepository(Db);
        var mine = (await transactions.StartAsync(new NewTransaction("CP-1", 1, "TAG", 1_000, T0))).TransactionId;
        var other = (await transactions.StartAsync(new NewTransaction("CP-1", 2, "TAG-2", 0, T0))).TransactionId;
        await Repository.AddAsync(
        [
            Sample("CP-1", 1, mine, T0.AddMinutes(1), Register, 1_100, "Wh"),
            Sample("CP-1", 1, mine, T0.AddMinutes(1), Power, 7_000, "W"),
            Sample("CP-1", 1, mine, T0.AddMinutes(2), Register, 1_200, "Wh"),
            Sample("CP-1", 2, other, T0.AddMinutes(3), Register, 9_999, "Wh"),
            Sample("CP-1", 1, null, T0.AddMinutes(4), Register, 5_555, "Wh"),
        ]);

        var latest = await Repository.GetLatestOfTransactionAsync(mine, 1);

        latest.Select(s => (s.Measurand, s.Value, s.Timestamp)).Should().Equal(
            (Register, 1_200.0, T0.AddMinutes(2)),
            (Power, 7_000.0, T0.AddMinutes(1)));
    }

    [Fact]
    public async Task Readings_linked_to_no_transaction_since_a_time_are_read_newest_per_connector_and_measurand()
    {
        var transactions = new TransactionRepository(Db);
        var tx = (await transactions.StartAsync(new NewTransaction("CP-1", 2, "TAG", 0, T0))).TransactionId;
        await Repository.AddAsync(
        [
            Sample("CP-1", 1, null, T0.AddMinutes(-5), Power, 1.0, "W"),
            Sample("CP-1", 1, null, T0.AddMinutes(1), Power, 2.0, "W"),
            Sample("CP-1", 1, null, T0.AddMinutes(2), Power, 3.0, "W"),
            Sample("CP-1", 1, null, T0.AddMinutes(1), Register, 4.0, "Wh"),
            Sample("CP-1", 2, tx, T0.AddMinutes(3), Power, 5.0, "W"),
            Sample("CP-2", 1, null, T0, Power, 6.0, "W"),
        ]);

        var latest = await Repository.GetLatestUnlinkedSinceAsync(T0);

        latest.Select(s => (s.ChargePointId, s.ConnectorId, s.Measurand, s.Value)).Should().Equal(
            ("CP-1", 1, Register, 4.0),
            ("CP-1", 1, Power, 3.0),
            ("CP-2", 1, Power, 6.0));
    }

    [Fact]
    public async Task A_file_with_the_charge_point_first_key_is_migrated_and_keeps_its_readings_and_their_uniqueness()
    {
        await Repository.AddAsync([Sample("CP-1", 1, null, T0, Register, 1_000, "Wh"), Sample("CP-2", 1, null, T0, Register, 2_000, "Wh")]);
        await Db.DisposeAsync();
        await RawSqlite.ExecuteAsync(File.Path, """
            DROP INDEX ux_meter_readings;
            CREATE UNIQUE INDEX ux_meter_readings ON meter_readings (charge_point_id, connector_id, sampled_at, IFNULL(transaction_id, 0));
            DELETE FROM schema_version WHERE version = 25;
            """);
        (await ColumnsAsync(File.Path, "ux_meter_readings"))[0].Should().Be("charge_point_id", "the file has the key of version 24");

        await using var db = await EdgeDatabase.OpenAsync(File.Path);

        db.SchemaVersion.Should().Be(EdgeDatabase.LatestSchemaVersion);
        (await ColumnsAsync(File.Path, "ux_meter_readings"))[0].Should().Be("sampled_at");
        var repository = new MeterValueRepository(db);
        (await repository.AddAsync([Sample("CP-1", 1, null, T0, Register, 1_000, "Wh")])).Should().Be(0, "a replay of a stored reading is still recognised");
        (await repository.AddAsync([Sample("CP-1", 1, null, T0.AddMinutes(1), Register, 1_100, "Wh")])).Should().Be(1);
        (await repository.GetLatestUnlinkedSinceAsync(T0)).Select(s => (s.ChargePointId, s.Value)).Should().Equal(("CP-1", 1_100.0), ("CP-2", 2_000.0));
    }

    private static async Task<List<string?>> ColumnsAsync(string path, string index)
    {
        await using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT name FROM pragma_index_info('{index}') ORDER BY seqno;";
        var columns = new List<string?>();
        await using var r = await command.ExecuteReaderAsync();
        while (await r.ReadAsync())
        {
            columns.Add(r.IsDBNull(0) ? null : r.GetString(0));
        }

        return columns;
    }
}
