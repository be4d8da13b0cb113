using System.Numerics;
using Microsoft.Data.Sqlite;

namespace OliMove.Storage.Tests.Retention;

public sealed class MeterValueRetentionTests : RegisteredSiteTests
{
    private const string Register = MeterValueRepository.EnergyRegisterMeasurand;
    private const string Power = MeterValueRetention.PowerMeasurand;

    private MeterValueRepository Samples => new(Db);

    private MeterValueRetention Retention => new(Db);

    [Fact]
    public async Task Folds_old_samples_of_settled_transactions_into_quarters_and_deletes_them()
    {
        var tx = await StartAsync("CP-1", 1, T0, 10_000);
        // Every 5 minutes for an hour: register +1 kWh, power 12 kW, and two per-phase currents that only count.
        for (var i = 0; i <= 12; i++)
        {
            var at = T0.AddMinutes(5 * i);
            await Samples.AddAsync(
            [
                Sample("CP-1", 1, tx, at, Register, 10_000 + 1_000 * i),
                Sample("CP-1", 1, tx, at, Power, 12_000 + 100 * i),
                Sample("CP-1", 1, tx, at, "Current.Import", 17, "L1"),
                Sample("CP-1", 1, tx, at, "Current.Import", 17, "L2"),
            ]);
        }

        await StopAndSettleAsync(tx, 22_000, T0.AddMinutes(61));
        var energyBefore = await Samples.GetEnergyDeliveredWhAsync(tx);

        var result = await Retention.FoldOlderThanAsync(T0.AddDays(2), batchIds: 7);

        result.Rows.Should().Be(52, "every raw row was folded and deleted");
        result.Batches.Should().BeGreaterThan(1, "a window of 7 ids is one unit of work each");
        (await CountAsync("meter_values")).Should().Be(0);
        var quarters = await Retention.ListQuartersAsync(tx);
        quarters.Select(q => q.QuarterStart).Should().Equal(T0, T0.AddMinutes(15), T0.AddMinutes(30), T0.AddMinutes(45), T0.AddMinutes(60));
        quarters.Sum(q => q.SampleCount).Should().Be(52);
        quarters[0].Should().BeEquivalentTo(new MeterValueQuarter("CP-1", 1, tx, T0, 10_000, T0, 12_000, T0.AddMinutes(10), 12_100, 12_200, 3, 12));
        quarters[^1].Should().BeEquivalentTo(new MeterValueQuarter("CP-1", 1, tx, T0.AddMinutes(60), 22_000, T0.AddMinutes(60), 22_000, T0.AddMinutes(60), 13_200, 13_200, 1, 4));
        (quarters[^1].EnergyLastWh - quarters[0].EnergyFirstWh).Should().Be(12_000, "the energy of the session is still there in its quarters");
        (await Samples.GetEnergyDeliveredWhAsync(tx)).Should().Be(energyBefore);
    }

    [Fact]
    public async Task Keeps_samples_newer_than_the_cutoff_and_those_of_open_or_unsettled_transactions()
    {
        var settled = await StartAsync("CP-1", 1, T0, 0);
        var open = await StartAsync("CP-1", 2, T0, 0);
        var unsettled = await StartAsync("CP-2", 1, T0, 0);
        foreach (var (cp, connector, tx) in new[] { ("CP-1", 1, settled), ("CP-1", 2, open), ("CP-2", 1, unsettled) })
        {
            await Samples.AddAsync([Sample(cp, connector, tx, T0.AddMinutes(1), Register, 100), Sample(cp, connector, tx, T0.AddDays(3), Register, 200)]);
        }

        await Samples.AddAsync([Sample("CP-2", 1, null, T0.AddMinutes(2), Power, 0)]);
        await StopAndSettleAsync(settled, 300, T0.AddDays(3).AddMinutes(1));
        await new TransactionRepository(Db).StopAsync(unsettled, 300, T0.AddDays(3).AddMinutes(1), "Local");

        var result = await Retention.FoldOlderThanAsync(T0.AddDays(1), batchIds: 100);

        result.Rows.Should().Be(2, "the settled transaction's old sample and the sample outside any transaction");
        var left = await ListRawAsync();
        left.Should().BeEquivalentTo(
        [
            (settled, T0.AddDays(3)),
            (open, T0.AddMinutes(1)), (open, T0.AddDays(3)),
            (unsettled, T0.AddMinutes(1)), (unsettled, T0.AddDays(3)),
        ]);
        (await Retention.ListQuartersAsync("CP-2", 1, T0.AddDays(-1), T0.AddDays(1))).Should().ContainSingle()
            .Which.Should().BeEquivalentTo(new MeterValueQuarter("CP-2", 1, null, T0, null, null, null, null, 0, 0, 1, 1));
    }

    [Fact]
    public async Task A_quarter_folded_in_several_passes_equals_the_quarter_folded_at_once()
    {
        var tx = await StartAsync("CP-1", 1, T0, 0);
        for (var i = 0; i < 15; i++)
        {
            await Samples.AddAsync([Sample("CP-1", 1, tx, T0.AddMinutes(i), Register, 100 * i), Sample("CP-1", 1, tx, T0.AddMinutes(i), Power, 1_000 * (i % 4))]);
        }

        await StopAndSettleAsync(tx, 1_400, T0.AddMinutes(15));

        // The first pass reaches only the first minutes; later, a sample that arrived late joins the same quarter.
        (await Retention.FoldOlderThanAsync(T0.AddMinutes(4), batchIds: 3)).Rows.Should().Be(8);
        (await Retention.FoldOlderThanAsync(T0.AddDays(1), batchIds: 5)).Rows.Should().Be(22);

        var quarter = (await Retention.ListQuartersAsync(tx)).Should().ContainSingle().Subject;
        quarter.Should().BeEquivalentTo(new MeterValueQuarter("CP-1", 1, tx, T0, 0, T0, 1_400, T0.AddMinutes(14),
            Enumerable.Range(0, 15).Average(i => 1_000.0 * (i % 4)), 3_000, 15, 30));
    }

    [Fact]
    public async Task Deletes_quarters_older_than_their_own_retention_in_batches()
    {
        var tx = await StartAsync("CP-1", 1, T0, 0);
        for (var i = 0; i < 10; i++)
        {
            await Samples.AddAsync([Sample("CP-1", 1, tx, T0.AddHours(i), Register, 100 * i)]);
        }

        await StopAndSettleAsync(tx, 1_000, T0.AddHours(10));
        await Retention.FoldOlderThanAsync(T0.AddDays(1), batchIds: 100);

        var deleted = await Retention.DeleteQuartersOlderThanAsync(T0.AddHours(6), batchRows: 4);

        deleted.Rows.Should().Be(6);
        deleted.Batches.Should().Be(2);
        (await Retention.ListQuartersAsync(tx)).Select(q => q.QuarterStart).Should().Equal(T0.AddHours(6), T0.AddHours(7), T0.AddHours(8), T0.AddHours(9));
    }

    private static MeterSample Sample(string cp, int connector, long? tx, DateTimeOffset at, string measurand, double value, string? phase = null) =>
        new(cp, connector, tx, at, measurand, phase, "Sample.Periodic", value, measurand == Register ? "Wh" : measurand == Power ? "W" : "A");

    private async Task<long> StartAsync(string cp, int connector, DateTimeOffset at, long meterStart) =>
        (await new TransactionRepository(Db).StartAsync(new NewTransaction(cp, connector, "TAG-1", meterStart, at))).TransactionId;

    private async Task StopAndSettleAsync(long tx, long meterStop, DateTimeOffset at)
    {
        await new TransactionRepository(Db).StopAsync(tx, meterStop, at, "EVDisconnected");
        await new SessionSettlementRepository(Db).RecordAsync(new SessionSettlement(tx, 1, 0, "EUR", 0, BigInteger.Zero, at));
    }

    private async Task<long> CountAsync(string table)
    {
        await using var connection = new SqliteConnection($"Data Source={Db.Path};Mode=ReadOnly");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT COUNT(*) FROM {table};";
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private async Task<List<(long? Tx, DateTimeOffset At)>> ListRawAsync()
    {
        await using var connection = new SqliteConnection($"Data Source={Db.Path};Mode=ReadOnly");
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
