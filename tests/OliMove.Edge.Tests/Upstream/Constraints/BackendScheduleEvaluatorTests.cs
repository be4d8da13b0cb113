using OliMove.Edge.Upstream.Constraints;
using OliMove.Ocpp.Messages;
using static OliMove.Edge.Tests.Upstream.Constraints.BackendProfiles;

namespace OliMove.Edge.Tests.Upstream.Constraints;

/// <summary>Profiles are evaluated and stacked as a charger does (OCPP 1.6 §3.13), limits converted to W at 230 V.</summary>
public class BackendScheduleEvaluatorTests
{
    private const decimal V = 230m;

    [Fact]
    public void A_limit_in_A_is_per_phase_over_numberPhases_defaulting_to_three()
    {
        var threePhase = Profile(ChargingProfilePurposeType.ChargePointMaxProfile, 16, unit: ChargingRateUnitType.A);
        var onePhase = Profile(ChargingProfilePurposeType.ChargePointMaxProfile, 16, unit: ChargingRateUnitType.A, numberPhases: 1);

        BackendScheduleEvaluator.LimitAt(threePhase, T0, null, V).Should().Be(new BackendLimitW(11_040, 3_680));
        BackendScheduleEvaluator.LimitAt(onePhase, T0, null, V).Should().Be(new BackendLimitW(3_680, 3_680));
        BackendScheduleEvaluator.LimitAt(MaxW(6000.9m), T0, null, V).Should().Be(new BackendLimitW(6_000, null));
    }

    [Fact]
    public void The_highest_stack_level_prevails_while_its_schedule_runs_then_the_lower_one_returns()
    {
        var basis = MaxW(10_000, id: 1, stackLevel: 0);
        var peak = Profile(ChargingProfilePurposeType.ChargePointMaxProfile, 20_000, id: 2, stackLevel: 5, start: T0, duration: 1800);

        BackendScheduleEvaluator.Prevailing([basis, peak], T0.AddMinutes(-1), null, V)!.Value.TotalW.Should().Be(10_000, "the peak has not begun");
        BackendScheduleEvaluator.Prevailing([basis, peak], T0.AddMinutes(10), null, V)!.Value.TotalW.Should().Be(20_000, "higher stack level, even though higher");
        BackendScheduleEvaluator.Prevailing([basis, peak], T0.AddMinutes(30), null, V)!.Value.TotalW.Should().Be(10_000, "the peak's duration is over");
    }

    [Fact]
    public void Validity_bounds_and_periods_decide_when_a_limit_applies()
    {
        var profile = Profile(
            ChargingProfilePurposeType.ChargePointMaxProfile, 0, start: T0, validTo: T0.AddHours(2),
            periods: [new() { StartPeriod = 0, Limit = 5000 }, new() { StartPeriod = 3600, Limit = 7000 }]);

        BackendScheduleEvaluator.LimitAt(profile, T0.AddMinutes(59), null, V)!.Value.TotalW.Should().Be(5000);
        BackendScheduleEvaluator.LimitAt(profile, T0.AddMinutes(60), null, V)!.Value.TotalW.Should().Be(7000);
        BackendScheduleEvaluator.LimitAt(profile, T0.AddHours(2), null, V).Should().BeNull("validTo is exclusive");
        BackendScheduleEvaluator.ChangesWithin(profile, T0, T0.AddHours(3), null).Should().BeEquivalentTo([T0.AddHours(1), T0.AddHours(2)]);
    }

    [Fact]
    public void A_relative_schedule_counts_from_the_start_of_charging()
    {
        var profile = Profile(ChargingProfilePurposeType.TxDefaultProfile, 0, kind: ChargingProfileKindType.Relative,
            periods: [new() { StartPeriod = 0, Limit = 3000 }, new() { StartPeriod = 1200, Limit = 11000 }]);
        var plugIn = T0.AddMinutes(7);

        BackendScheduleEvaluator.LimitAt(profile, plugIn.AddMinutes(19), plugIn, V)!.Value.TotalW.Should().Be(3000);
        BackendScheduleEvaluator.LimitAt(profile, plugIn.AddMinutes(20), plugIn, V)!.Value.TotalW.Should().Be(11000);
        BackendScheduleEvaluator.LimitAt(profile, plugIn, null, V).Should().BeNull("without a session there is nothing to count from");
    }

    [Fact]
    public void A_daily_recurring_schedule_repeats_from_its_start()
    {
        // Every day 17:00–20:00: 4 kW.
        var evening = Profile(ChargingProfilePurposeType.ChargePointMaxProfile, 4000, kind: ChargingProfileKindType.Recurring,
            recurrency: RecurrencyKindType.Daily, start: new DateTimeOffset(2026, 11, 1, 17, 0, 0, TimeSpan.Zero), duration: 3 * 3600);

        BackendScheduleEvaluator.LimitAt(evening, new DateTimeOffset(2026, 12, 3, 18, 30, 0, TimeSpan.Zero), null, V)!.Value.TotalW.Should().Be(4000);
        BackendScheduleEvaluator.LimitAt(evening, new DateTimeOffset(2026, 12, 3, 20, 0, 0, TimeSpan.Zero), null, V).Should().BeNull();
        BackendScheduleEvaluator.LimitAt(evening, new DateTimeOffset(2026, 10, 31, 18, 0, 0, TimeSpan.Zero), null, V).Should().BeNull("before its first day");
        BackendScheduleEvaluator.ChangesWithin(evening, new DateTimeOffset(2026, 12, 3, 16, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 12, 3, 21, 0, 0, TimeSpan.Zero), null)
            .Should().BeEquivalentTo([new DateTimeOffset(2026, 12, 3, 17, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 12, 3, 20, 0, 0, TimeSpan.Zero)]);
    }
}
