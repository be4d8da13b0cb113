using OliMove.Edge.Dispatch;
using OliMove.Edge.Phases;
using OliMove.Scheduling;
using OliMove.SiteMap;
using OliMove.SiteMap.Model;
using OliMove.SiteMap.Topology;

namespace OliMove.Edge.Tests.Phases;

/// <summary>The pieces of the phase model in the host (decisions 0324, 0326, 0327), without sockets.</summary>
public class OnePhaseCarRuleTests
{
    private static readonly ConnectorDefinition ThreePhase16A = new(1, "E1", ConnectionType.Type2, 11_040, 3, null, 6, 16);

    [Theory]
    [InlineData(16, 0, 0, 1)]
    [InlineData(0.2, 10, 0.4, 2)]
    [InlineData(0, 0, 6, 3)]
    [InlineData(16, 16, 16, 0)]
    [InlineData(10, 10, 0, 0)]
    [InlineData(0, 0, 0, null)]
    [InlineData(10, 2, 0, null)]
    public void Currents_tell_a_one_phase_car_its_line_three_phases_or_nothing(double l1, double l2, double l3, int? expected)
    {
        OnePhaseCarWatch.OnePhaseOf((decimal)l1, (decimal)l2, (decimal)l3).Should().Be(expected);
    }

    [Fact]
    public void A_one_phase_car_on_a_three_phase_connector_is_planned_on_its_line_with_one_lines_bounds()
    {
        var phases = new ConnectorPhases();
        phases.SeeCar("CP1", 1, 7, 2).Should().BeTrue();
        phases.SeeCar("CP1", 1, 7, 2).Should().BeFalse("nothing new");

        var session = phases.Apply(Session(4_140, 11_040, 11_040), "g", "CP1", ThreePhase16A, 7, 230);

        session.Should().BeEquivalentTo(Session(1_380, 3_680, 3_680) with { Phases = 1, Phase = 2 });
        phases.Apply(Session(4_140, 11_040, 11_040), "g", "CP1", ThreePhase16A, 8, 230).Phases.Should().Be(3, "it was another transaction's car");
        phases.SeeCar("CP1", 1, 7, null).Should().BeTrue("three lines seen again");
        phases.OnePhaseCar("CP1", 1, 7).Should().BeNull();
    }

    [Fact]
    public void A_switchable_connector_carries_its_line_and_the_mode_of_the_last_plan_with_powers_at_three_phases()
    {
        var phases = new ConnectorPhases();
        var connector = ThreePhase16A with { SwitchesToOnePhase = PhaseConductor.L3 };

        phases.Apply(Session(4_140, 11_040, 11_040), "g", "CP1", connector, 7, 230)
            .Should().BeEquivalentTo(Session(4_140, 11_040, 11_040) with { SwitchesToPhase = 3 });

        phases.RecordPlan(new GroupPlan("g", DateTimeOffset.UnixEpoch, 900, 1, [new SessionPlan("tx-7", "CP1/1", 3_000, [3_000], null, 750, SessionStatus.OnTrack, 1)], []));
        // At one phase the car drew 3 kW; at three it would take three times that.
        phases.Apply(Session(4_140, 11_040, 3_000), "g", "CP1", connector, 7, 230)
            .Should().BeEquivalentTo(Session(4_140, 11_040, 9_000) with { SwitchesToPhase = 3, SwitchedToOnePhase = true });
    }

    [Fact]
    public void A_charger_that_says_it_cannot_switch_is_planned_at_three_phases_whatever_the_map_says()
    {
        var phases = new ConnectorPhases();
        var connector = ThreePhase16A with { SwitchesToOnePhase = PhaseConductor.L1 };
        phases.ChargerSwitches("CP1", false);

        phases.Apply(Session(4_140, 11_040, 11_040), "g", "CP1", connector, 7, 230).SwitchesToPhase.Should().Be(0);

        phases.ChargerSwitches("CP1", true);
        phases.Apply(Session(4_140, 11_040, 11_040), "g", "CP1", connector, 7, 230).SwitchesToPhase.Should().Be(1);
    }

    [Fact]
    public void A_switch_to_one_phase_at_more_amps_is_a_lower_limit_and_back_to_three_at_fewer_amps_a_raise()
    {
        var start = new DateTimeOffset(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);
        ChargingProfileSpec Profile(long watts, int phases) => ChargingProfileBuilder.BuildTxProfile(
            new TxPlanTarget(1, 7, ProfileRateUnit.A, phases, 230m, start, TimeSpan.FromMinutes(15), [watts, watts], 24, 1, 1001));
        var threePhases = Profile(4_140, 3); // 6 A per line
        var onePhase = Profile(2_300, 1); // 10 A on one line

        onePhase.Periods[0].Should().Be(new ProfilePeriod(0, 10m, 1));
        ProfileChangeDetector.Raises(threePhases, onePhase, start).Should().BeFalse("2.3 kW after 4.14 kW lowers the power");
        ProfileChangeDetector.Raises(onePhase, threePhases, start).Should().BeTrue("4.14 kW after 2.3 kW raises it");
    }

    [Fact]
    public void The_window_defaults_count_a_one_line_session_on_its_line_alone()
    {
        var topology = SiteTopology.Build(SiteMapLoader.LoadString("""
            site:
              id: t
              nominalVoltageV: 230
            gridConnection:
              limitA: 16
            circuits:
              - id: main
                limitA: 16
            chargePoints:
              - chargePointId: CP1
                circuit: main
                chargingRateUnit: W
                authorizationKeyHash: "pbkdf2-sha256$100000$8KJaKnr8P7ARy3wlMGxiZQ==$jSRT5n5W5hOWA5C1mOPtIy9SnJJNiY+nJQoSVyo244M="
                connectors:
                  - connectorId: 1
                    evseId: E1
                    connectionType: Type2
                    ratedPowerW: 11040
                    phases: 3
              - chargePointId: CP2
                circuit: main
                chargingRateUnit: W
                authorizationKeyHash: "pbkdf2-sha256$100000$8KJaKnr8P7ARy3wlMGxiZQ==$jSRT5n5W5hOWA5C1mOPtIy9SnJJNiY+nJQoSVyo244M="
                connectors:
                  - connectorId: 1
                    evseId: E2
                    connectionType: Type2
                    ratedPowerW: 11040
                    phases: 3
            """).Map!);
        var group = topology.Groups.Single();
        var planned = new Dictionary<(string, int), IReadOnlyList<long>> { [("CP1", 1)] = [3_680] };

        var asThreePhases = WindowDefaultsCalculator.Calculate(topology, group, planned, 1);
        var onL1 = WindowDefaultsCalculator.Calculate(topology, group, planned, 1, new Dictionary<(string, int), int> { [("CP1", 1)] = 0 });

        asThreePhases[("CP2", 1)][0].Should().BeGreaterThan(0, "a third of 3.68 kW on each line leaves 10.7 A a line");
        onL1[("CP2", 1)][0].Should().Be(0, "16 A on L1 leaves L1 nothing, and a 3-phase default loads L1 too");
    }

    private static SessionSnapshot Session(long minW, long maxW, long vehicleMaxW) =>
        new("tx-7", "CP1/1", "main", 3, 0, minW, maxW, minW, vehicleMaxW, DateTimeOffset.UnixEpoch, null, null, 0, false, false);
}
