using OliMove.Edge.Dispatch;

namespace OliMove.Edge.Tests.Dispatch;

public class ChargingProfileBuilderTests
{
    private static readonly DateTimeOffset SlotStart = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);

    private static TxPlanTarget Target(ProfileRateUnit unit, int phases, long[] plannedW, int maxPeriods = 48) =>
        new(ConnectorId: 2, TransactionId: 41, unit, phases, 230m, SlotStart, TimeSpan.FromMinutes(15), plannedW, maxPeriods, StackLevel: 3, ChargingProfileId: 1002);

    [Fact]
    public void Converts_watts_to_amps_per_phase_and_rounds_down_to_a_tenth()
    {
        // 7,000 W over 3 phases at 230 V is 10.1449 A per phase: 10.1, never 10.2.
        var profile = ChargingProfileBuilder.BuildTxProfile(Target(ProfileRateUnit.A, 3, [7000]));

        profile.Periods.Should().ContainSingle().Which.Should().Be(new ProfilePeriod(0, 10.1m, 3));
    }

    [Fact]
    public void The_minimum_current_survives_the_conversion_exactly()
    {
        var sixAmpsThreePhase = 6L * 230 * 3;

        ChargingProfileBuilder.ToLimit(sixAmpsThreePhase, ProfileRateUnit.A, 3, 230m).Should().Be(6.0m);
        ChargingProfileBuilder.ToLimit(6L * 230, ProfileRateUnit.A, 1, 230m).Should().Be(6.0m);
    }

    [Fact]
    public void Keeps_watts_for_a_charge_point_that_takes_power()
    {
        var profile = ChargingProfileBuilder.BuildTxProfile(Target(ProfileRateUnit.W, 1, [3680, 0]));

        profile.Unit.Should().Be(ProfileRateUnit.W);
        profile.Periods.Select(p => p.Limit).Should().Equal(3680m, 0m);
    }

    [Fact]
    public void First_period_starts_at_zero_and_the_schedule_starts_at_the_slot_start()
    {
        var profile = ChargingProfileBuilder.BuildTxProfile(Target(ProfileRateUnit.A, 3, [4140, 8280, 8280, 0]));

        profile.StartSchedule.Should().Be(SlotStart);
        profile.ValidFrom.Should().Be(SlotStart);
        profile.Periods[0].StartPeriodSeconds.Should().Be(0);
        profile.Purpose.Should().Be(ProfilePurpose.TxProfile);
        profile.TransactionId.Should().Be(41);
    }

    [Fact]
    public void Merges_equal_consecutive_slots_into_one_period()
    {
        var profile = ChargingProfileBuilder.BuildTxProfile(Target(ProfileRateUnit.A, 3, [4140, 8280, 8280, 0]));

        profile.Periods.Select(p => p.StartPeriodSeconds).Should().Equal(0, 900, 2700);
        profile.DurationSeconds.Should().Be(4 * 900);
        profile.ValidTo.Should().Be(SlotStart.AddHours(1));
    }

    [Fact]
    public void Cuts_the_schedule_where_the_charge_points_periods_run_out()
    {
        // Two periods allowed: the third value (0 W) must not be replaced by holding 8,280 W; the schedule ends
        // instead, and the charger falls back to its fail-safe default.
        var profile = ChargingProfileBuilder.BuildTxProfile(Target(ProfileRateUnit.A, 3, [4140, 8280, 0, 0], maxPeriods: 2));

        profile.Periods.Should().HaveCount(2);
        profile.DurationSeconds.Should().Be(2 * 900);
        profile.ValidTo.Should().Be(SlotStart.AddMinutes(30));
    }

    [Fact]
    public void Rejects_negative_power()
    {
        var act = () => ChargingProfileBuilder.BuildTxProfile(Target(ProfileRateUnit.W, 3, [-1]));

        act.Should().Throw<ArgumentOutOfRangeException>().WithMessage("*cannot be negative*");
    }

    [Fact]
    public void Refuses_a_TxProfile_without_a_transaction()
    {
        var act = () => ChargingProfileBuilder.BuildConstant(ProfilePurpose.TxProfile, 1, 1, 0, 1000, ProfileRateUnit.W, 3, 230m, SlotStart, TimeSpan.FromDays(1));

        act.Should().Throw<ArgumentException>();
    }

    [Fact]
    public void A_window_default_follows_the_window_then_holds_the_static_share_for_good()
    {
        var profile = ChargingProfileBuilder.BuildWindowDefault(
            connectorId: 1, chargingProfileId: 1001, stackLevel: 0, windowW: [0, 4_140], staticW: 5_500, ProfileRateUnit.W, phases: 3, 230m,
            SlotStart, TimeSpan.FromMinutes(15), maxPeriods: 24, TimeSpan.FromDays(3650));

        profile.Purpose.Should().Be(ProfilePurpose.TxDefaultProfile);
        profile.StartSchedule.Should().Be(SlotStart);
        profile.Periods.Select(p => (p.StartPeriodSeconds, p.Limit)).Should().Equal((0, 0m), (900, 4_140m), (1800, 5_500m));
        profile.End.Should().Be(SlotStart.AddDays(3650));
    }

    [Fact]
    public void A_window_default_for_a_charger_that_takes_one_period_is_the_lowest_value_throughout()
    {
        var profile = ChargingProfileBuilder.BuildWindowDefault(
            connectorId: 1, chargingProfileId: 1001, stackLevel: 0, windowW: [3_000, 4_140], staticW: 5_500, ProfileRateUnit.A, phases: 1, 230m,
            SlotStart, TimeSpan.FromMinutes(15), maxPeriods: 1, TimeSpan.FromDays(3650));

        // Lower is always safe: 3,000 W on one phase is 13.0 A.
        profile.Periods.Should().ContainSingle().Which.Should().Be(new ProfilePeriod(0, 13.0m, 1));
    }

    [Fact]
    public void A_clock_skew_allowance_starts_the_schedule_earlier_at_the_first_limit_and_keeps_every_later_boundary()
    {
        var profile = ChargingProfileBuilder.BuildTxProfile(Target(ProfileRateUnit.W, 3, [11_000, 7_000, 7_000, 3_000]) with { ClockSkewAllowance = TimeSpan.FromMinutes(5) });

        profile.StartSchedule.Should().Be(SlotStart.AddMinutes(-5));
        profile.ValidFrom.Should().Be(SlotStart.AddMinutes(-5));
        // The slot boundaries stay where the plan has them: 08:15 and 08:45 are 1,200 s and 3,000 s after 07:55.
        profile.Periods.Select(p => (p.StartPeriodSeconds, p.Limit)).Should().Equal((0, 11_000m), (1200, 7_000m), (3000, 3_000m));
        profile.End.Should().Be(SlotStart.AddHours(1));
        profile.ValidTo.Should().Be(SlotStart.AddHours(1));
    }
}
