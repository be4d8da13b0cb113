namespace OliMove.Storage.Tests;

/// <summary>A connector runs one transaction at a time (OCPP 1.6 §4.8): a new start closes the one whose stop was lost.</summary>
public sealed class TransactionSupersedeTests : RegisteredSiteTests
{
    private TransactionRepository Repository => new(Db);

    [Fact]
    public async Task Closes_the_open_transaction_at_its_last_energy_reading_with_the_reason_Superseded()
    {
        var old = (await Repository.StartAsync(new NewTransaction("CP-1", 1, "TAG-A", 100, T0))).TransactionId;
        await new MeterValueRepository(Db).AddAsync(
        [
            new MeterSample("CP-1", 1, old, T0.AddMinutes(10), MeterValueRepository.EnergyRegisterMeasurand, null, "Sample.Periodic", 1_900, "Wh"),
            new MeterSample("CP-1", 1, old, T0.AddMinutes(20), MeterValueRepository.EnergyRegisterMeasurand, null, "Sample.Periodic", 2_400, "Wh"),
            new MeterSample("CP-1", 1, old, T0.AddMinutes(20), "Power.Active.Import", null, "Sample.Periodic", 9_000, "W"),
        ]);
        var other = (await Repository.StartAsync(new NewTransaction("CP-1", 2, "TAG-C", 0, T0))).TransactionId;
        var next = (await Repository.StartAsync(new NewTransaction("CP-1", 1, "TAG-B", 2_500, T0.AddMinutes(30)))).TransactionId;

        var closed = await Db.WriteAsync(scope => Repository.SupersedeAsync(scope, "CP-1", 1, next, T0.AddMinutes(30)));

        closed.Should().Equal(old);
        var record = await Repository.GetAsync(old);
        record!.MeterStopWh.Should().Be(2_400);
        record.StoppedAt.Should().Be(T0.AddMinutes(30));
        record.StopReason.Should().Be(TransactionRepository.SupersededReason);
        (await Repository.ListActiveAsync()).Select(t => t.Id).Should().BeEquivalentTo([other, next], "other connectors and the new transaction stay open");
        (await Repository.ListSupersededAtAsync("CP-1", 1, T0.AddMinutes(30))).Select(t => t.Id).Should().Equal(old);
    }

    [Fact]
    public async Task Without_a_reading_the_stop_value_is_the_meter_start_and_a_later_start_is_left_open()
    {
        var old = (await Repository.StartAsync(new NewTransaction("CP-1", 1, "TAG-A", 700, T0))).TransactionId;
        var later = (await Repository.StartAsync(new NewTransaction("CP-1", 1, "TAG-L", 900, T0.AddHours(2)))).TransactionId;
        // A queued start older than the open one arrives late: it must not close the newer transaction.
        var late = (await Repository.StartAsync(new NewTransaction("CP-1", 1, "TAG-Q", 800, T0.AddHours(1)))).TransactionId;

        (await Db.WriteAsync(scope => Repository.SupersedeAsync(scope, "CP-1", 1, late, T0.AddHours(1)))).Should().Equal(old);

        (await Repository.GetAsync(old))!.MeterStopWh.Should().Be(700);
        (await Repository.GetAsync(later))!.IsActive.Should().BeTrue();
    }
}
