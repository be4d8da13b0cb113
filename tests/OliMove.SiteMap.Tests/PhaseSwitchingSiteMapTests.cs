using OliMove.SiteMap.Model;

namespace OliMove.SiteMap.Tests;

/// <summary>A connector's <c>switchesToOnePhase</c> key (decision 0324): three-phase connectors only, naming a line.</summary>
public class PhaseSwitchingSiteMapTests
{
    private static string Map(string phases, string? extraLine) => $$"""
        site:
          id: t
        gridConnection:
          limitA: 100
        circuits:
          - id: main
            limitA: 63
        chargePoints:
          - chargePointId: CP1
            circuit: main
            authorizationKeyHash: "pbkdf2-sha256$100000$8KJaKnr8P7ARy3wlMGxiZQ==$jSRT5n5W5hOWA5C1mOPtIy9SnJJNiY+nJQoSVyo244M="
            chargingRateUnit: A
            connectors:
              - connectorId: 1
                evseId: E1
                connectionType: Type2
                ratedPowerW: 11000
                phases: {{phases}}
        {{extraLine ?? ""}}
        """;

    [Fact]
    public void A_connector_does_not_switch_unless_the_map_says_so()
    {
        var result = SiteMapLoader.LoadString(Map("3", null), "site.yaml");

        result.IsValid.Should().BeTrue();
        result.Map!.ChargePoints.Single().Connectors.Single().SwitchesToOnePhase.Should().BeNull();
    }

    [Fact]
    public void A_three_phase_connector_that_switches_names_the_line_it_then_uses()
    {
        var result = SiteMapLoader.LoadString(Map("3", "        switchesToOnePhase: L2"), "site.yaml");

        result.IsValid.Should().BeTrue();
        result.Map!.ChargePoints.Single().Connectors.Single().SwitchesToOnePhase.Should().Be(PhaseConductor.L2);
    }

    [Fact]
    public void A_single_phase_connector_cannot_switch_to_one_phase()
    {
        var result = SiteMapLoader.LoadString(Map("1\n        phase: L1", "        switchesToOnePhase: L1"), "site.yaml");

        result.IsValid.Should().BeFalse();
        result.Errors.Should().Contain(e => e.Message.Contains("switchesToOnePhase", StringComparison.Ordinal) && e.Message.Contains("single-phase", StringComparison.Ordinal));
    }

    [Fact]
    public void A_line_that_is_not_L1_L2_or_L3_is_refused()
    {
        var result = SiteMapLoader.LoadString(Map("3", "        switchesToOnePhase: L4"), "site.yaml");

        result.IsValid.Should().BeFalse();
        result.Errors.Should().Contain(e => e.Message.Contains("switchesToOnePhase", StringComparison.Ordinal));
    }
}
