using OliMove.Ocpp.Messages;
using OliMove.Tools.CpSimulator;

namespace OliMove.Ocpp.Tests;

public sealed class ChargingProfileStoreTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly ElectricalSupply Supply = new(230, 3, 32);
    private static readonly Dictionary<int, (int, DateTimeOffset)> NoTransactions = [];

    private static ChargingProfile Profile(int id, ChargingProfilePurposeType purpose, int stackLevel, decimal limit,
        ChargingRateUnitType unit = ChargingRateUnitType.A, DateTimeOffset? start = null, int? duration = null, int? transactionId = null) => new()
        {
            ChargingProfileId = id,
            StackLevel = stackLevel,
            ChargingProfilePurpose = purpose,
            ChargingProfileKind = ChargingProfileKindType.Absolute,
            TransactionId = transactionId,
            ChargingSchedule = new ChargingSchedule
            {
                ChargingRateUnit = unit,
                StartSchedule = start ?? Now.AddHours(-1),
                Duration = duration,
                ChargingSchedulePeriod = [new ChargingSchedulePeriod { StartPeriod = 0, Limit = limit }],
            },
        };

    [Fact]
    public void Rejects_TxProfile_without_transaction()
    {
        var store = new ChargingProfileStore(Supply, 2);

        store.Install(1, Profile(1, ChargingProfilePurposeType.TxProfile, 0, 10), activeTransactionId: null)
            .Should().Be(ChargingProfileStatus.Rejected);
        store.Install(1, Profile(1, ChargingProfilePurposeType.TxProfile, 0, 10), activeTransactionId: 7)
            .Should().Be(ChargingProfileStatus.Accepted);
        store.Install(1, Profile(2, ChargingProfilePurposeType.TxProfile, 1, 10, transactionId: 8), activeTransactionId: 7)
            .Should().Be(ChargingProfileStatus.Rejected, "the TxProfile names another transaction");
    }

    [Fact]
    public void Accepts_ChargePointMaxProfile_only_on_connector_0()
    {
        var store = new ChargingProfileStore(Supply, 2);

        store.Install(1, Profile(1, ChargingProfilePurposeType.ChargePointMaxProfile, 0, 10), null).Should().Be(ChargingProfileStatus.Rejected);
        store.Install(0, Profile(1, ChargingProfilePurposeType.ChargePointMaxProfile, 0, 10), null).Should().Be(ChargingProfileStatus.Accepted);
    }

    [Fact]
    public void Highest_valid_stack_level_wins_and_expired_ones_fall_back()
    {
        var store = new ChargingProfileStore(Supply, 1);
        store.Install(0, Profile(1, ChargingProfilePurposeType.TxDefaultProfile, 0, 16), null);
        store.Install(0, Profile(2, ChargingProfilePurposeType.TxDefaultProfile, 1, 10, start: Now.AddMinutes(-30), duration: 3600), null);

        store.LimitW(1, Now, NoTransactions).Should().BeApproximately(10 * 230 * 3, 0.01);
        store.LimitW(1, Now.AddHours(1), NoTransactions).Should().BeApproximately(16 * 230 * 3, 0.01, "the stack level 1 schedule has ended");
    }

    [Fact]
    public void Same_stack_level_and_purpose_replaces_and_TxProfile_beats_TxDefault()
    {
        var store = new ChargingProfileStore(Supply, 1);
        var transactions = new Dictionary<int, (int, DateTimeOffset)> { [1] = (5, Now.AddMinutes(-5)) };
        store.Install(0, Profile(1, ChargingProfilePurposeType.TxDefaultProfile, 0, 16), null);
        store.Install(0, Profile(2, ChargingProfilePurposeType.TxDefaultProfile, 0, 12), null);
        store.Profiles.Should().ContainSingle();
        store.Install(1, Profile(3, ChargingProfilePurposeType.TxProfile, 0, 6), 5);

        store.LimitW(1, Now, transactions).Should().BeApproximately(6 * 230 * 3, 0.01);
        store.EndTransaction(1);
        store.LimitW(1, Now, transactions).Should().BeApproximately(12 * 230 * 3, 0.01);
    }

    [Fact]
    public void ChargePointMax_caps_the_sum_and_watts_mix_with_amps()
    {
        var store = new ChargingProfileStore(Supply, 2);
        store.Install(0, Profile(1, ChargingProfilePurposeType.ChargePointMaxProfile, 0, 15000, ChargingRateUnitType.W), null);

        store.LimitW(1, Now, NoTransactions).Should().Be(15000);
        store.LimitW(0, Now, NoTransactions).Should().Be(15000);
    }

    [Fact]
    public void Composite_schedule_lists_the_changes_ahead()
    {
        var store = new ChargingProfileStore(Supply, 1);
        store.Install(0, Profile(1, ChargingProfilePurposeType.TxDefaultProfile, 0, 16), null);
        store.Install(0, Profile(2, ChargingProfilePurposeType.TxDefaultProfile, 1, 8, start: Now.AddMinutes(10), duration: 600), null);

        var schedule = store.CompositeSchedule(1, Now, TimeSpan.FromHours(1), ChargingRateUnitType.A, NoTransactions);

        schedule.ChargingSchedulePeriod.Select(p => (p.StartPeriod, p.Limit)).Should().Equal((0, 16m), (600, 8m), (1200, 16m));
    }

    [Fact]
    public void A_car_draws_the_smaller_of_offer_and_its_own_limit()
    {
        var car = new FixedLimitCar(7400);

        car.DrawW(11000, Now).Should().Be(7400);
        car.DrawW(4140, Now).Should().Be(4140);
    }
}
