namespace OliMove.SiteMap.Tests;

/// <summary>A charge point's <c>upstream</c> key: whether it goes through the upstream link to the CPO's backend.</summary>
public class UpstreamOptOutTests
{
    private static string Map(string? upstreamLine) => $$"""
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
        {{upstreamLine ?? ""}}
            connectors:
              - connectorId: 1
                evseId: E1
                connectionType: Type2
                ratedPowerW: 11000
                phases: 3
        """;

    [Fact]
    public void A_charge_point_goes_upstream_unless_the_map_says_otherwise()
    {
        var result = SiteMapLoader.LoadString(Map(null), "site.yaml");

        result.IsValid.Should().BeTrue();
        result.Map!.ChargePoints.Single().Upstream.Should().BeTrue();
    }

    [Fact]
    public void Upstream_false_keeps_the_charge_point_off_the_link()
    {
        var result = SiteMapLoader.LoadString(Map("    upstream: false"), "site.yaml");

        result.IsValid.Should().BeTrue();
        result.Map!.ChargePoints.Single().Upstream.Should().BeFalse();
    }

    [Fact]
    public void Rejects_an_upstream_value_that_is_not_a_boolean()
    {
        var result = SiteMapLoader.LoadString(Map("    upstream: maybe"), "site.yaml");

        result.IsValid.Should().BeFalse();
        result.Errors.Select(e => $"{e.Line}:{e.Column}: {e.Message}").Should()
            .Equal("13:15: 'upstream' of charge point 'CP1' must be true or false, not 'maybe'");
    }
}
