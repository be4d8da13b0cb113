namespace OliMove.Storage.Tests;

public sealed class MeterValueRepositoryTests : RegisteredSiteTests
{
    private const string Register = MeterValueRepository.EnergyRegisterMeasurand;

    private MeterValueRepository Repository => new(Db);

    private static MeterSample Sample(DateTimeOffset at, string measurand, double value, string unit, long? tx = null, string? phase = null, int connector = 1) =>
        new("CP-1", connector, tx, at, measurand, phase, "Sample.Periodic", value, unit);

    [Fact]
    public async Task A_replayed_MeterValues_inserts_nothing_twice()
    {
        MeterSample[] batch =
        [
            Sample(T0, Register, 1000, "Wh"),
            Sample(T0, "Current.Import", 15.5, "A", phase: "L1"),
            Sample(T0, "Current.Import", 15.7, "A", phase: "L2"),
            Sample(T0, "Power.Active.Import", 7200, "W"),
        ];

        (await Repository.AddAsync(batch)).Should().Be(4);
        (await Repository.AddAsync(batch)).Should().Be(0);
        (await Repository.AddAsync([batch[0], Sample(T0.AddMinutes(1), Register, 1100, "Wh")])).Should().Be(1);
    }

    [Fact]
    public async Task Samples_at_different_locations_are_distinct_readings_not_replays()
    {
        var body = Sample(T0, "Temperature", 41, "Celsius") with { Location = "Body" };
        var cable = body with { Location = "Cable", Value = 55 };

        (await Repository.AddAsync([body, cable])).Should().Be(2);
        (await Repository.AddAsync([cable])).Should().Be(0);

        (await Repository.GetLatestAsync("CP-1", 1)).Select(s => (s.Location, s.Value)).Should().Equal(("Body", 41.0), ("Cable", 55.0));
    }

    [Fact]
    public async Task Latest_gives_the_newest_value_of_each_measurand_and_phase()
    {
        await Repository.AddAsync(
        [
            Sample(T0, Register, 1000, "Wh"),
            Sample(T0.AddMinutes(1), Register, 1100, "Wh"),
            Sample(T0, "Current.Import", 10, "A", phase: "L1"),
            Sample(T0.AddMinutes(1), "Current.Import", 12, "A", phase: "L1"),
            Sample(T0, "Current.Import", 11, "A", phase: "L2"),
            Sample(T0.AddMinutes(2), "SoC", 55, "Percent"),
            Sample(T0.AddMinutes(5), Register, 99999, "Wh", connector: 2),
        ]);

        var latest = await Repository.GetLatestAsync("CP-1", 1);

        latest.Select(s => (s.Measurand, s.Phase, s.Value)).Should().Equal(
            ("Current.Import", "L1", 12.0), ("Current.Import", "L2", 11.0), (Register, (string?)null, 1100.0), ("SoC", (string?)null, 55.0));
        (await Repository.GetLatestAsync("CP-1", 1, "SoC", null))!.Timestamp.Should().Be(T0.AddMinutes(2));
        (await Repository.GetLatestAsync("CP-1", 1, "Voltage", null)).Should().BeNull();
    }

    [Fact]
    public async Task Energy_delivered_follows_the_register_then_the_stop_meter()
    {
        var transactions = new TransactionRepository(Db);
        var tx = (await transactions.StartAsync(new NewTransaction("CP-1", 1, "TAG", 10_000, T0))).TransactionId;

        (await Repository.GetEnergyDeliveredWhAsync(tx)).Should().Be(0);
        await Repository.AddAsync([Sample(T0.AddMinutes(15), Register, 12_500, "Wh", tx), Sample(T0.AddMinutes(10), Register, 11_000, "Wh", tx)]);
        (await Repository.GetEnergyDeliveredWhAsync(tx)).Should().Be(2_500);

        await transactions.StopAsync(tx, 13_000, T0.AddMinutes(20), "Local");
        (await Repository.GetEnergyDeliveredWhAsync(tx)).Should().Be(3_000);
        (await Repository.GetEnergyDeliveredWhAsync(tx + 1)).Should().BeNull();
        (await Repository.ListForTransactionAsync(tx)).Select(s => s.Value).Should().Equal(11_000, 12_500);
    }

    [Fact]
    public async Task Old_samples_are_pruned_except_those_of_open_transactions()
    {
        var transactions = new TransactionRepository(Db);
        var open = (await transactions.StartAsync(new NewTransaction("CP-1", 1, "TAG", 0, T0))).TransactionId;
        await Repository.AddAsync(
        [
            Sample(T0, Register, 1, "Wh"),
            Sample(T0, "Power.Active.Import", 1, "W", open),
            Sample(T0.AddDays(10), Register, 2, "Wh"),
        ]);

        (await Repository.DeleteOlderThanAsync(T0.AddDays(1))).Should().Be(1);

        (await Repository.ListForTransactionAsync(open)).Should().ContainSingle();
        (await Repository.GetLatestAsync("CP-1", 1, Register, null))!.Value.Should().Be(2);
    }

    [Fact]
    public async Task Rejects_a_sample_that_is_not_a_number_and_stores_none_of_the_batch()
    {
        var act = () => Repository.AddAsync([Sample(T0, Register, 1, "Wh"), Sample(T0, "Power.Active.Import", double.NaN, "W")]);

        await act.Should().ThrowAsync<ArgumentException>().WithMessage("*not a finite number*");
        (await Repository.GetLatestAsync("CP-1", 1)).Should().BeEmpty();
    }
}
