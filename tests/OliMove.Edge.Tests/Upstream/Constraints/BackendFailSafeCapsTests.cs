using OliMove.Edge.Dispatch;
using OliMove.Edge.Upstream.Constraints;
using OliMove.Ocpp.Messages;
using static OliMove.Edge.Tests.Upstream.Constraints.BackendProfiles;

namespace OliMove.Edge.Tests.Upstream.Constraints;

/// <summary>
/// The fail-safe shares under the backend's limits (decision 0190): a charger left alone never holds a default
/// above what the backend allows at any time, and nothing changes for chargers the backend did not limit.
/// </summary>
public class BackendFailSafeCapsTests
{
    private const decimal Voltage = 230m;

    private static IReadOnlyList<FailSafeShare> Shares(string chargePointId, int connectors, long watts, int phases = 3) =>
        [.. Enumerable.Range(1, connectors).Select(c => new FailSafeShare(chargePointId, c, watts, phases))];

    private static StoredBackendProfile Stored(ChargingProfile profile, int connectorId = 0, string chargePointId = "CP-1") =>
        new(chargePointId, connectorId, profile);

    [Fact]
    public void Without_backend_profiles_the_shares_are_returned_unchanged()
    {
        var shares = Shares("CP-1", 2, 11_000);

        BackendFailSafeCaps.Apply(shares, [Charger()], [], T0, Voltage).Should().BeSameAs(shares);
        BackendFailSafeCaps.Apply(shares, [Charger()], [Stored(MaxW(1_000), chargePointId: "CP-2")], T0, Voltage)
            .Should().Equal(shares, "another charger's limit does not touch this one");
    }

    [Fact]
    public void A_ChargePointMaxProfile_is_split_equally_over_the_chargers_connectors()
    {
        var capped = BackendFailSafeCaps.Apply(Shares("CP-1", 2, 11_000), [Charger()], [Stored(MaxW(12_000))], T0, Voltage);

        capped.Select(s => s.PowerW).Should().Equal(6_000, 6_000);
        capped.Sum(s => s.PowerW).Should().BeLessThanOrEqualTo(12_000, "both connectors on their defaults stay within the charger's maximum");
    }

    [Fact]
    public void A_TxDefaultProfile_caps_only_its_connector_and_connector_0s_caps_every_connector()
    {
        var ownConnector = Stored(Profile(ChargingProfilePurposeType.TxDefaultProfile, 5_000, id: 2), connectorId: 2);
        var wholeCharger = Stored(Profile(ChargingProfilePurposeType.TxDefaultProfile, 8_000, id: 3), connectorId: 0);

        BackendFailSafeCaps.Apply(Shares("CP-1", 2, 11_000), [Charger()], [ownConnector], T0, Voltage)
            .Select(s => s.PowerW).Should().Equal(11_000, 5_000);
        BackendFailSafeCaps.Apply(Shares("CP-1", 2, 11_000), [Charger()], [wholeCharger], T0, Voltage)
            .Select(s => s.PowerW).Should().Equal(8_000, 8_000);
    }

    [Fact]
    public void A_share_already_below_the_limit_is_kept()
    {
        BackendFailSafeCaps.Apply(Shares("CP-1", 2, 4_000), [Charger()], [Stored(MaxW(20_000))], T0, Voltage)
            .Select(s => s.PowerW).Should().Equal(4_000, 4_000);
    }

    [Fact]
    public void The_lowest_period_of_a_time_varying_schedule_caps_the_default_because_the_edge_may_be_gone_when_it_comes()
    {
        var evening = Profile(ChargingProfilePurposeType.ChargePointMaxProfile, 0, kind: ChargingProfileKindType.Recurring, recurrency: RecurrencyKindType.Daily,
            periods: [new ChargingSchedulePeriod { StartPeriod = 0, Limit = 22_000 }, new ChargingSchedulePeriod { StartPeriod = 17 * 3600, Limit = 5_000 }]);

        BackendFailSafeCaps.Apply(Shares("CP-1", 1, 11_000), [Charger(connectors: 1)], [Stored(evening)], T0, Voltage)
            .Single().PowerW.Should().Be(5_000);
    }

    [Fact]
    public void A_profile_that_has_ended_no_longer_caps()
    {
        var expired = Profile(ChargingProfilePurposeType.ChargePointMaxProfile, 2_000, validTo: T0.AddMinutes(-1));
        var run = Profile(ChargingProfilePurposeType.ChargePointMaxProfile, 2_000, id: 2, start: T0.AddHours(-2), duration: 3600);

        BackendFailSafeCaps.Apply(Shares("CP-1", 1, 11_000), [Charger(connectors: 1)], [Stored(expired), Stored(run)], T0, Voltage)
            .Single().PowerW.Should().Be(11_000);
    }

    [Fact]
    public void A_limit_in_amperes_caps_a_1_phase_connector_by_its_own_phase()
    {
        // 10 A per phase: 2,300 W on the one phase a 1-phase connector uses, not 6,900 W over three.
        var amps = Profile(ChargingProfilePurposeType.TxDefaultProfile, 10, unit: ChargingRateUnitType.A);

        BackendFailSafeCaps.Apply(Shares("CP-1", 1, 7_360, phases: 1), [Charger(connectors: 1, phases: 1)], [Stored(amps)], T0, Voltage)
            .Single().PowerW.Should().Be(2_300);
    }

    [Fact]
    public void A_cap_below_the_connectors_minimum_current_becomes_0()
    {
        // 6 A minimum on 3 phases is 4,140 W; a 3,000 W limit cannot be met by charging, only by not charging.
        BackendFailSafeCaps.Apply(Shares("CP-1", 1, 11_000), [Charger(connectors: 1)], [Stored(MaxW(3_000))], T0, Voltage)
            .Single().PowerW.Should().Be(0);
    }
}
