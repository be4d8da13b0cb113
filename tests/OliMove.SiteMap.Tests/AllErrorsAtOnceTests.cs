namespace OliMove.SiteMap.Tests;

public class AllErrorsAtOnceTests
{
    [Fact]
    public void Reports_every_error_of_a_file_in_one_load_sorted_by_position()
    {
        var yaml = """
            site:
              id: t
              id: again
            gridConnection:
              limitA: 100
            circuits:
              - id: main
                limitA: 63
              - id: cab-b
                parent: main2
                limitA: -1
            chargePoints:
              - chargePointId: CP1
                circuit: nowhere
                chargingRateUnit: A
                colour: red
                connectors:
                  - connectorId: 1
                    evseId: E1
                    connectionType: Type2
                    ratedPowerW: 7400
                    phases: 1
            pvInverters:
              - id: pv-1
                circuit: roof
                ratedPowerW: 30000
                modbus: { host: 127.0.0.1 }
            """;

        var result = SiteMapLoader.LoadString(yaml, "site.yaml");

        result.IsValid.Should().BeFalse();
        result.Errors.Select(e => $"{e.Line}:{e.Column}: {e.Message}").Should().Equal(
            "3:3: the key 'id' appears twice in the same mapping (first at line 2); keep only one",
            "10:13: circuit 'cab-b' names parent 'main2', which does not exist",
            "11:13: 'limitA' of circuit 'cab-b' must be greater than 0, not -1",
            "14:14: charge point 'CP1' sits in circuit 'nowhere', which does not exist",
            "16:5: charge point 'CP1' has an unknown key 'colour'; allowed keys are: chargePointId, circuit, authorizationKeyHash, chargingRateUnit, connectors, upstream",
            "18:9: connector 1 of charge point 'CP1' is single-phase, so it needs 'phase' (L1, L2 or L3)",
            "25:14: PV inverter 'pv-1' feeds circuit 'roof', which does not exist");
        result.Errors.Should().OnlyContain(e => e.File == "site.yaml");
    }

    [Fact]
    public void Warns_about_a_charge_point_without_an_authorization_key_but_loads_it()
    {
        var yaml = """
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
                chargingRateUnit: A
                connectors:
                  - { connectorId: 1, evseId: E1, connectionType: Type2, ratedPowerW: 11000, phases: 3 }
            """;

        var result = SiteMapLoader.LoadString(yaml, "site.yaml");

        result.IsValid.Should().BeTrue();
        result.Warnings.Select(w => $"{w.Line}:{w.Column}: {w.Message}").Should().Equal(
            "9:20: charge point 'CP1' has no 'authorizationKeyHash': it can connect without HTTP Basic authentication");
    }

    [Fact]
    public void Yaml_anchors_and_aliases_are_resolved()
    {
        var yaml = """
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
                chargingRateUnit: A
                connectors:
                  - &wallbox { connectorId: 1, evseId: E1, connectionType: Type2, ratedPowerW: 11000, phases: 3 }
              - chargePointId: CP2
                circuit: main
                chargingRateUnit: A
                connectors:
                  - *wallbox
            """;

        var result = SiteMapLoader.LoadString(yaml, "site.yaml");

        // The alias repeats the evseId too, which must be unique: proof that the alias was expanded and checked.
        result.Errors.Select(e => e.Message).Should().Equal("evseId 'E1' is used twice (first at line 13)");
    }

    [Fact]
    public void A_str_tag_keeps_a_numeric_looking_id_as_text()
    {
        var result = SiteMapLoader.LoadString("""
            site: { id: !!str 0042 }
            gridConnection: { limitA: 32 }
            circuits: [ { id: "1", limitA: 32 } ]
            chargePoints: []
            """);

        result.Errors.Should().BeEmpty();
        result.Map!.SiteId.Should().Be("0042");
        result.Map.Circuits[0].Id.Should().Be("1");
    }
}
