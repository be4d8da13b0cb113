using OliMove.SiteMap.Model;

namespace OliMove.SiteMap.Tests;

/// <summary>The site map is the edge where a typed power becomes the whole watts the code counts in (decision 0207).</summary>
public class WholeWattsTests
{
    private const string Site = """
        site:
          id: t
        gridConnection:
          limitA: 100
        circuits:
          - id: main
            limitA: 63

        """;

    private static string Map(string ratedPowerW, string reservedW) => Site + $$"""
        chargePoints:
          - chargePointId: CP1
            circuit: main
            chargingRateUnit: A
            connectors:
              - { connectorId: 1, evseId: E1, connectionType: Type2, ratedPowerW: {{ratedPowerW}}, phases: 3 }
        pvInverters:
          - { id: pv, circuit: main, ratedPowerW: 9000.0, modbus: { host: 10.0.0.2 } }
        otherLoads:
          - { id: lights, circuit: main, reservedW: {{reservedW}} }
        """;

    [Fact]
    public void Reads_powers_as_whole_watts_also_when_written_with_a_decimal_point()
    {
        var result = SiteMapLoader.LoadString(Map("11000", "1.5e3"), "site.yaml");

        result.Errors.Should().BeEmpty();
        var map = result.Map!;
        map.ChargePoints[0].Connectors[0].RatedPowerW.Should().Be(11_000L);
        map.PvInverters[0].RatedPowerW.Should().Be(9_000L);
        map.OtherLoads.Should().ContainSingle().Which.Should().BeEquivalentTo(new OtherLoadDefinition("lights", "main", OtherLoadKind.Reserved, 1_500));
    }

    [Fact]
    public void Refuses_a_power_that_is_not_a_whole_number_of_watts()
    {
        var result = SiteMapLoader.LoadString(Map("7400.5", "250.25"), "site.yaml");

        result.IsValid.Should().BeFalse();
        result.Errors.Select(e => $"{e.Line}:{e.Column}: {e.Message}").Should().Equal(
            "13:75: 'ratedPowerW' of connector 1 of charge point 'CP1' must be a whole number of W, not 7400.5",
            "17:45: 'reservedW' of other load 'lights' must be a whole number of W, not 250.25");
    }
}
