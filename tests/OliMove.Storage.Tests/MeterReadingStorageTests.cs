using Microsoft.Data.Sqlite;

namespace OliMove.Storage.Tests;

/// <summary>
/// Meter values are stored one row per reading (charge point, connector, timestamp, transaction) with the sampled values
/// in a JSON column, and read through the meter_values view in the old shape (decision 0369).
/// </summary>
public sealed class MeterReadingStorageTests : RegisteredSiteTests
{
    private const string Register = MeterValueRepository.EnergyRegisterMeasurand;

    private MeterValueRepository Repository => new(Db);

    private static MeterSample Sample(DateTimeOffset at, string measurand, double value, string unit, long? tx = null, string? phase = null, string context = "Sample.Periodic") =>
        new("CP-1", 1, tx, at, measurand, phase, context, value, unit);

    [Fact]
    public async Task A_MeterValues_of_five_sampled_values_is_one_reading_row_and_five_rows_of_the_view()
    {
        MeterSample[] values =
        [
            Sample(T0, Register, 1000, "Wh"),
            Sample(T0, "Power.Active.Import", 7200, "W"),
            Sample(T0, "Current.Import", 10.5, "A", phase: "L1"),
            Sample(T0, "Current.Import", 10.25, "A", phase: "L2"),
            Sample(T0, "Current.Import", 10.125, "A", phase: "L3"),
        ];

        (await Repository.AddAsync(values)).Should().Be(5);

        (await ScalarAsync("SELECT COUNT(*) FROM meter_readings;")).Should().Be(1L);
        (await ScalarAsync("SELECT COUNT(*) FROM meter_values;")).Should().Be(5L);
        (await Repository.GetLatestAsync("CP-1", 1)).Should().BeEquivalentTo(values);
    }

    [Fact]
    public async Task A_second_MeterValue_at_the_same_instant_joins_the_reading_and_a_replay_of_either_adds_nothing()
    {
        (await Repository.AddAsync([Sample(T0, Register, 1000, "Wh"), Sample(T0, "Power.Active.Import", 7200, "W")])).Should().Be(2);

        // Same instant: the register again (a different value is still a replay of its key: the first one stays) and a new measurand.
        (await Repository.AddAsync([Sample(T0, Register, 1001, "Wh"), Sample(T0, "SoC", 40, "Percent")])).Should().Be(1);
        (await Repository.AddAsync([Sample(T0, "SoC", 40, "Percent"), Sample(T0, "Power.Active.Import", 7200, "W")])).Should().Be(0);
        (await Repository.AddAsync([Sample(T0, Register, 1000, "Wh", context: "Sample.Clock")])).Should().Be(1, "the context is part of a sampled value's key");

        (await ScalarAsync("SELECT COUNT(*) FROM meter_readings;")).Should().Be(1L);
        (await ScalarAsync("SELECT group_concat(measurand || '/' || context || '=' || value, ' ') FROM (SELECT * FROM meter_values ORDER BY measurand, context);"))
            .Should().Be($"{Register}/Sample.Clock=1000.0 {Register}/Sample.Periodic=1000.0 Power.Active.Import/Sample.Periodic=7200.0 SoC/Sample.Periodic=40.0");
    }

    [Fact]
    public async Task The_end_of_one_transaction_and_the_begin_of_the_next_at_one_instant_keep_their_own_transactions()
    {
        var transactions = new TransactionRepository(Db);
        var first = (await transactions.StartAsync(new NewTransaction("CP-1", 1, "TAG", 0, T0))).TransactionId;
        await transactions.StopAsync(first, 5000, T0.AddHours(1), "Local");
        var second = (await transactions.StartAsync(new NewTransaction("CP-1", 1, "TAG", 5000, T0.AddHours(1)))).TransactionId;

        (await Repository.AddAsync([Sample(T0.AddHours(1), Register, 5000, "Wh", first, context: "Transaction.End")])).Should().Be(1);
        (await Repository.AddAsync([Sample(T0.AddHours(1), Register, 5000, "Wh", second, context: "Transaction.Begin")])).Should().Be(1);

        (await Repository.ListForTransactionAsync(first)).Should().ContainSingle().Which.Context.Should().Be("Transaction.End");
        (await Repository.ListForTransactionAsync(second)).Should().ContainSingle().Which.Context.Should().Be("Transaction.Begin");
    }

    [Theory]
    [InlineData(0.1)]
    [InlineData(1234567.891)]
    [InlineData(1e-9)]
    [InlineData(-42.5)]
    [InlineData(9007199254740993.0)]
    [InlineData(123456789012.34567)]
    [InlineData(0.0)]
    public async Task A_value_reads_back_exactly_as_it_was_stored(double value)
    {
        await Repository.AddAsync([Sample(T0, "Voltage", value, "V")]);

        var stored = await Repository.GetLatestAsync("CP-1", 1, "Voltage", null);

        stored!.Value.Should().Be(value);
        (await ScalarAsync("SELECT typeof(value) FROM meter_values;")).Should().Be("real", "the view keeps the old column's type");
    }

    [Fact]
    public async Task Names_with_quotes_and_non_ascii_characters_round_trip()
    {
        var odd = Sample(T0, "Vendor \"special\" \\ µ", 1, "Wh") with { Location = "Kabel ü" };

        (await Repository.AddAsync([odd])).Should().Be(1);
        (await Repository.AddAsync([odd])).Should().Be(0);

        (await Repository.GetLatestAsync("CP-1", 1)).Should().ContainSingle().Which.Should().Be(odd);
    }

    private async Task<object?> ScalarAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={File.Path};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }
}
