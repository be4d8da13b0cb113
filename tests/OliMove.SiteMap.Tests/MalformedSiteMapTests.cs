namespace OliMove.SiteMap.Tests;

/// <summary>
/// Each malformed map yields exactly one error, with its exact sentence and position: what a
/// technician sees from <c>olimove-edge site check</c>.
/// </summary>
public class MalformedSiteMapTests
{
    private static void ShouldFailWith(string yaml, int line, int column, string message)
    {
        var result = SiteMapLoader.LoadString(yaml, "site.yaml");

        result.IsValid.Should().BeFalse();
        result.Map.Should().BeNull();
        result.Topology.Should().BeNull();
        result.Errors.Select(e => $"{e.File}:{e.Line}:{e.Column}: {e.Message}").Should()
            .Equal($"site.yaml:{line}:{column}: {message}");
    }

    [Fact]
    public void Rejects_invalid_yaml_syntax()
    {
        ShouldFailWith("""
            site:
              id: "t
            gridConnection:
              limitA: 100
            """, 2, 7, "the file is not valid YAML: a value opened with '\"' is not closed; add the closing '\"' on the same line");
    }

    [Fact]
    public void Rejects_an_unclosed_flow_sequence_at_its_bracket_when_a_key_follows()
    {
        // YamlDotNet throws an InvalidOperationException without a position here (issue 16: it was reported at 1:1
        // with .NET's "Operation is not valid due to the current state of the object.").
        ShouldFailWith("""
            site:
              id: t
            gridConnection:
              limitA: 100
            circuits:
              - id: main
                limitA: [63
                limitW: 40000
            chargePoints: []
            """, 7, 13, "the file is not valid YAML: the list opened with '[' here is not closed; add ']' at its end");
    }

    [Fact]
    public void Rejects_an_unclosed_flow_sequence_at_the_end_of_the_file_at_its_bracket()
    {
        ShouldFailWith("""
            site:
              id: t
            gridConnection:
              limitA: 100
            circuits: []
            chargePoints: [
            """, 6, 15, "the file is not valid YAML: the list opened with '[' here is not closed; add ']' at its end");
    }

    [Fact]
    public void Rejects_an_unclosed_flow_mapping_at_its_brace()
    {
        ShouldFailWith("""
            site: {id: t
            gridConnection:
              limitA: 100
            """, 1, 7, "the file is not valid YAML: the mapping opened with '{' here is not closed; add '}' at its end");
    }

    [Fact]
    public void Accepts_a_flow_sequence_written_over_several_lines()
    {
        var result = SiteMapLoader.LoadString("""
            site:
              id: t
            gridConnection:
              limitA: 100
            circuits: [
              {id: main, limitA: 63}
            ]
            chargePoints: []
            """);

        result.Errors.Should().BeEmpty();
    }

    [Fact]
    public void Rejects_a_key_without_its_colon_at_the_key_not_at_the_line_below()
    {
        ShouldFailWith("""
            site:
              id: t
            gridConnection:
              limitA: 100
            circuits:
              - id: main
                limitA: 63
            chargePoints:
              - chargePointId: CP-1
                circuit: main
                connectors
                  - connectorId: 1
            """, 11, 5, "the file is not valid YAML: this line has no ':' after its key, so the lines below are read as its value; add ':' after the key");
    }

    [Fact]
    public void Rejects_a_closing_bracket_that_closes_nothing_at_the_bracket()
    {
        ShouldFailWith("""
            site:
              id: t
            }
            gridConnection:
              limitA: 100
            """, 3, 1, "the file is not valid YAML: this '}' closes no '[' or '{'; remove it");
    }

    [Fact]
    public void Rejects_a_tab_used_for_indentation_at_the_tab()
    {
        ShouldFailWith("site:\n\tid: t\n", 2, 1, "the file is not valid YAML: a tab is used for indentation; indent with spaces only");
    }

    [Fact]
    public void Rejects_an_alias_without_anchor_and_still_reports_the_other_errors()
    {
        var result = SiteMapLoader.LoadString("""
            site:
              id: *nowhere
            gridConnection:
              limitA: 100
            circuits: []
            chargePoints: []
            extra: 1
            """, "site.yaml");

        result.Errors.Select(e => $"{e.Line}:{e.Column}").Should().Contain(["2:7", "7:1"]);
        result.Errors.Should().Contain(e => e.Line == 2 && e.Message.Contains("'*nowhere' names no anchor", StringComparison.Ordinal));
    }

    [Fact]
    public void Rejects_an_empty_file()
    {
        ShouldFailWith("", 1, 1, "the site map is empty; it needs at least 'site', 'gridConnection', 'circuits' and 'chargePoints'");
    }

    [Fact]
    public void Rejects_a_second_yaml_document()
    {
        ShouldFailWith("""
            site:
              id: t
            gridConnection:
              limitA: 100
            circuits:
              - id: main
                limitA: 63
            chargePoints: []
            ---
            site:
              id: u
            """, 9, 1, "a site map holds exactly one YAML document; remove the second '---' document");
    }

    [Fact]
    public void Rejects_a_duplicate_key()
    {
        ShouldFailWith("""
            site:
              id: t
            gridConnection:
              limitA: 100
            circuits:
              - id: main
                limitA: 63
                limitA: 80
            chargePoints: []
            """, 8, 5, "the key 'limitA' appears twice in the same mapping (first at line 7); keep only one");
    }

    [Fact]
    public void Rejects_an_unknown_top_level_key()
    {
        ShouldFailWith("""
            site:
              id: t
            gridConnection:
              limitA: 100
            circuits:
              - id: main
                limitA: 63
            chargePoints: []
            chargepoint: []
            """, 9, 1, "the site map has an unknown key 'chargepoint' (did you mean 'chargePoints'?); allowed keys are: site, gridConnection, circuits, chargePoints, pvInverters, batteries, otherLoads, meters");
    }

    [Fact]
    public void Rejects_a_misspelt_circuit_key()
    {
        ShouldFailWith("""
            site:
              id: t
            gridConnection:
              limitA: 100
            circuits:
              - id: main
                limitA: 63
                limtW: 40000
            chargePoints: []
            """, 8, 5, "circuit 'main' has an unknown key 'limtW' (did you mean 'limitW'?); allowed keys are: id, parent, limitA, limitW");
    }

    [Fact]
    public void Rejects_a_limit_that_is_not_a_number()
    {
        ShouldFailWith("""
            site:
              id: t
            gridConnection:
              limitA: 100
            circuits:
              - id: main
                limitA: sixty
            chargePoints: []
            """, 7, 13, "'limitA' of circuit 'main' must be a number, not 'sixty'");
    }

    [Fact]
    public void Rejects_a_missing_site_id()
    {
        ShouldFailWith("""
            site:
              name: Test
            gridConnection:
              limitA: 100
            circuits:
              - id: main
                limitA: 63
            chargePoints: []
            """, 2, 3, "the site is missing 'id'");
    }

    [Fact]
    public void Rejects_a_missing_grid_connection()
    {
        ShouldFailWith("""
            site:
              id: t
            circuits:
              - id: main
                limitA: 63
            chargePoints: []
            """, 1, 1, "the site map is missing 'gridConnection'");
    }

    [Fact]
    public void Rejects_a_grid_connection_without_a_limit()
    {
        ShouldFailWith("""
            site:
              id: t
            gridConnection: {}
            circuits:
              - id: main
                limitA: 63
            chargePoints: []
            """, 3, 17, "the grid connection needs a limit: 'limitA' (per phase), 'limitW' (total) or both");
    }

    [Fact]
    public void Rejects_a_circuit_without_a_limit()
    {
        ShouldFailWith("""
            site:
              id: t
            gridConnection:
              limitA: 100
            circuits:
              - id: main
            chargePoints: []
            """, 6, 5, "circuit 'main' needs a limit: 'limitA' (per phase), 'limitW' (total) or both");
    }

    [Fact]
    public void Rejects_a_zero_limit()
    {
        ShouldFailWith("""
            site:
              id: t
            gridConnection:
              limitA: 100
            circuits:
              - id: main
                limitA: 0
            chargePoints: []
            """, 7, 13, "'limitA' of circuit 'main' must be greater than 0, not 0");
    }

    [Fact]
    public void Rejects_a_negative_grid_limit()
    {
        ShouldFailWith("""
            site:
              id: t
            gridConnection:
              limitW: -5000
            circuits:
              - id: main
                limitA: 63
            chargePoints: []
            """, 4, 11, "'limitW' of the grid connection must be greater than 0, not -5000");
    }

    [Fact]
    public void Rejects_a_parent_that_does_not_exist()
    {
        ShouldFailWith("""
            site:
              id: t
            gridConnection:
              limitA: 100
            circuits:
              - id: main
                limitA: 63
              - id: cab-b
                parent: main2
                limitA: 32
            chargePoints: []
            """, 9, 13, "circuit 'cab-b' names parent 'main2', which does not exist");
    }

    [Fact]
    public void Rejects_a_circuit_that_is_its_own_parent()
    {
        ShouldFailWith("""
            site:
              id: t
            gridConnection:
              limitA: 100
            circuits:
              - id: main
                limitA: 63
              - id: loop
                parent: loop
                limitA: 32
            chargePoints: []
            """, 9, 13, "circuit 'loop' names itself as its parent");
    }

    [Fact]
    public void Rejects_a_cycle_of_parents()
    {
        ShouldFailWith("""
            site:
              id: t
            gridConnection:
              limitA: 100
            circuits:
              - id: main
                limitA: 63
              - id: a
                parent: b
                limitA: 32
              - id: b
                parent: a
                limitA: 32
            chargePoints: []
            """, 9, 13, "circuits 'a' -> 'b' -> 'a' form a cycle; following the parents must end at a root circuit (one without 'parent')");
    }

    [Fact]
    public void Rejects_a_duplicate_circuit_id()
    {
        ShouldFailWith("""
            site:
              id: t
            gridConnection:
              limitA: 200
            circuits:
              - id: main
                limitA: 63
              - id: main
                limitA: 32
            chargePoints: []
            """, 8, 9, "circuit id 'main' is used twice (first at line 6)");
    }

    [Fact]
    public void Rejects_a_grid_connection_below_the_root_circuits_in_watts()
    {
        ShouldFailWith("""
            site:
              id: t
            gridConnection:
              limitW: 60000
            circuits:
              - id: a
                limitW: 40000
              - id: b
                limitW: 30000
            chargePoints: []
            """, 4, 3, "the grid connection limit (60000 W) is below the sum of the root circuits' limits (70000 W), so the charging groups could not be planned independently; raise the grid connection limit or lower the root circuits' limits");
    }

    [Fact]
    public void Rejects_a_grid_connection_below_the_root_circuits_per_phase()
    {
        ShouldFailWith("""
            site:
              id: t
            gridConnection:
              limitA: 100
              limitW: 200000
            circuits:
              - id: a
                limitA: 63
              - id: b
                limitA: 63
                limitW: 20000
            chargePoints: []
            """, 4, 3, "the grid connection limit (100 A per phase) is below the sum of the root circuits' limits (126 A per phase), so the charging groups could not be planned independently; raise the grid connection limit or lower the root circuits' limits");
    }

    [Fact]
    public void Rejects_a_charge_point_without_a_circuit()
    {
        ShouldFailWith("""
            site:
              id: t
            gridConnection:
              limitA: 100
            circuits:
              - id: main
                limitA: 63
            chargePoints:
              - chargePointId: CP1
                authorizationKeyHash: "pbkdf2-sha256$100000$8KJaKnr8P7ARy3wlMGxiZQ==$jSRT5n5W5hOWA5C1mOPtIy9SnJJNiY+nJQoSVyo244M="
                chargingRateUnit: A
                connectors:
                  - connectorId: 1
                    evseId: E1
                    connectionType: Type2
                    ratedPowerW: 11000
                    phases: 3
            """, 9, 5, "charge point 'CP1' is missing 'circuit'");
    }

    [Fact]
    public void Rejects_a_charge_point_in_a_cabinet_that_does_not_exist()
    {
        ShouldFailWith("""
            site:
              id: t
            gridConnection:
              limitA: 100
            circuits:
              - id: main
                limitA: 63
            chargePoints:
              - chargePointId: CP1
                circuit: cab-x
                chargingRateUnit: A
                connectors:
                  - connectorId: 1
                    evseId: E1
                    connectionType: Type2
                    ratedPowerW: 11000
                    phases: 3
            """, 10, 14, "charge point 'CP1' sits in circuit 'cab-x', which does not exist");
    }

    [Fact]
    public void Rejects_a_duplicate_charge_point_id()
    {
        ShouldFailWith("""
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
              - chargePointId: CP1
                circuit: main
                chargingRateUnit: A
                connectors:
                  - { connectorId: 1, evseId: E2, connectionType: Type2, ratedPowerW: 11000, phases: 3 }
            """, 14, 20, "charge point id 'CP1' is used twice (first at line 9)");
    }

    [Fact]
    public void Rejects_a_charge_point_id_that_yaml_reads_as_a_number()
    {
        ShouldFailWith("""
            site:
              id: t
            gridConnection:
              limitA: 100
            circuits:
              - id: main
                limitA: 63
            chargePoints:
              - chargePointId: 0042
                circuit: main
                chargingRateUnit: A
                connectors:
                  - { connectorId: 1, evseId: E1, connectionType: Type2, ratedPowerW: 11000, phases: 3 }
            """, 9, 20, "'chargePointId' of charge point #1 must be text; put 0042 in quotes");
    }

    [Fact]
    public void Rejects_a_connector_id_used_twice_in_one_charge_point()
    {
        ShouldFailWith("""
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
                  - { connectorId: 1, evseId: E2, connectionType: Type2, ratedPowerW: 11000, phases: 3 }
            """, 14, 24, "charge point 'CP1' has connector 1 twice (first at line 13)");
    }

    [Fact]
    public void Rejects_connector_numbers_with_a_gap()
    {
        ShouldFailWith("""
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
                  - { connectorId: 3, evseId: E3, connectionType: Type2, ratedPowerW: 11000, phases: 3 }
            """, 14, 24, "charge point 'CP1' numbers its connectors with a gap: connector 2 is missing (OCPP numbers connectors 1, 2, 3, ...)");
    }

    [Fact]
    public void Rejects_an_evse_id_used_twice_on_the_site()
    {
        ShouldFailWith("""
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
                  - { connectorId: 1, evseId: "DE*OLI*E1", connectionType: Type2, ratedPowerW: 11000, phases: 3 }
              - chargePointId: CP2
                circuit: main
                chargingRateUnit: W
                connectors:
                  - { connectorId: 1, evseId: "DE*OLI*E1", connectionType: Type2, ratedPowerW: 11000, phases: 3 }
            """, 18, 35, "evseId 'DE*OLI*E1' is used twice (first at line 13)");
    }

    [Fact]
    public void Rejects_an_unknown_connection_type()
    {
        ShouldFailWith("""
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
                  - connectorId: 1
                    evseId: E1
                    connectionType: Type4
                    ratedPowerW: 11000
                    phases: 3
            """, 15, 25, "'connectionType' of connector 1 of charge point 'CP1' must be one of Type2, Type1, CCS2, CCS1, CHAdeMO, Schuko, Type3, not 'Type4'");
    }

    [Fact]
    public void Rejects_an_unknown_charging_rate_unit()
    {
        ShouldFailWith("""
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
                chargingRateUnit: kW
                connectors:
                  - { connectorId: 1, evseId: E1, connectionType: Type2, ratedPowerW: 11000, phases: 3 }
            """, 11, 23, "'chargingRateUnit' of charge point 'CP1' must be one of A, W, not 'kW'");
    }

    [Fact]
    public void Rejects_two_phases()
    {
        ShouldFailWith("""
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
                  - connectorId: 1
                    evseId: E1
                    connectionType: Type2
                    ratedPowerW: 11000
                    phases: 2
            """, 17, 17, "'phases' of connector 1 of charge point 'CP1' must be 1 or 3, not 2");
    }

    [Fact]
    public void Rejects_a_single_phase_connector_without_its_phase()
    {
        ShouldFailWith("""
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
                  - connectorId: 1
                    evseId: E1
                    connectionType: Type2
                    ratedPowerW: 7400
                    phases: 1
            """, 13, 9, "connector 1 of charge point 'CP1' is single-phase, so it needs 'phase' (L1, L2 or L3)");
    }

    [Fact]
    public void Rejects_a_phase_on_a_three_phase_connector()
    {
        ShouldFailWith("""
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
                  - connectorId: 1
                    evseId: E1
                    connectionType: Type2
                    ratedPowerW: 11000
                    phases: 3
                    phase: L2
            """, 18, 16, "connector 1 of charge point 'CP1' is three-phase, so it must not name a 'phase'");
    }

    [Fact]
    public void Rejects_a_minimum_current_above_the_maximum()
    {
        ShouldFailWith("""
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
                  - connectorId: 1
                    evseId: E1
                    connectionType: Type2
                    ratedPowerW: 11000
                    phases: 3
                    minCurrentA: 16
                    maxCurrentA: 10
            """, 19, 22, "connector 1 of charge point 'CP1' has minCurrentA 16 A above its maximum current 10 A");
    }

    [Fact]
    public void Rejects_a_minimum_current_below_six_amperes()
    {
        ShouldFailWith("""
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
                  - connectorId: 1
                    evseId: E1
                    connectionType: Type2
                    ratedPowerW: 11000
                    phases: 3
                    minCurrentA: 4
            """, 18, 22, "'minCurrentA' of connector 1 of charge point 'CP1' must be at least 6 A (IEC 61851-1), not 4");
    }

    [Fact]
    public void Rejects_a_connector_rated_above_its_cabinet_in_watts()
    {
        ShouldFailWith("""
            site:
              id: t
            gridConnection:
              limitA: 100
            circuits:
              - id: main
                limitA: 63
                limitW: 20000
            chargePoints:
              - chargePointId: CP1
                circuit: main
                chargingRateUnit: W
                connectors:
                  - connectorId: 1
                    evseId: E1
                    connectionType: Type2
                    ratedPowerW: 22000
                    phases: 3
            """, 17, 22, "connector 1 of charge point 'CP1' is rated 22000 W, above the 20000 W limit of circuit 'main'");
    }

    [Fact]
    public void Rejects_a_connector_drawing_more_per_phase_than_its_cabinet()
    {
        // 7400 W on one phase at 230 V is 32 A; the cabinet allows 25 A per phase (17.25 kW in total).
        ShouldFailWith("""
            site:
              id: t
            gridConnection:
              limitA: 100
            circuits:
              - id: main
                limitA: 25
            chargePoints:
              - chargePointId: CP1
                circuit: main
                chargingRateUnit: A
                connectors:
                  - connectorId: 1
                    evseId: E1
                    connectionType: Type2
                    ratedPowerW: 7400
                    phases: 1
                    phase: L1
            """, 16, 22, "connector 1 of charge point 'CP1' draws up to 32 A per phase, above the 25 A per phase limit of circuit 'main'");
    }

    [Fact]
    public void Rejects_a_connector_above_a_circuit_further_up_the_tree()
    {
        ShouldFailWith("""
            site:
              id: t
            gridConnection:
              limitA: 100
            circuits:
              - id: main
                limitA: 20
              - id: sub
                parent: main
                limitA: 63
            chargePoints:
              - chargePointId: CP1
                circuit: sub
                chargingRateUnit: A
                connectors:
                  - connectorId: 1
                    evseId: E1
                    connectionType: Type2
                    ratedPowerW: 11000
                    phases: 3
                    maxCurrentA: 32
            """, 21, 22, "connector 1 of charge point 'CP1' draws up to 32 A per phase, above the 20 A per phase limit of circuit 'main'");
    }

    [Fact]
    public void Rejects_a_pv_inverter_feeding_a_circuit_that_does_not_exist()
    {
        ShouldFailWith("""
            site:
              id: t
            gridConnection:
              limitA: 100
            circuits:
              - id: main
                limitA: 63
            chargePoints: []
            pvInverters:
              - id: pv-1
                circuit: roof
                ratedPowerW: 30000
                modbus: { host: 127.0.0.1, port: 1502, unitId: 1 }
            """, 11, 14, "PV inverter 'pv-1' feeds circuit 'roof', which does not exist");
    }

    [Fact]
    public void Rejects_a_battery_on_a_circuit_that_does_not_exist()
    {
        ShouldFailWith("""
            site:
              id: t
            gridConnection:
              limitA: 100
            circuits:
              - id: main
                limitA: 63
            chargePoints: []
            batteries:
              - id: bat
                circuit: basement
                capacityWh: 50000
                usableEnergyWh: 45000
            """, 11, 14, "battery 'bat' sits on circuit 'basement', which does not exist");
    }

    [Fact]
    public void Rejects_a_battery_with_more_usable_energy_than_capacity()
    {
        ShouldFailWith("""
            site:
              id: t
            gridConnection:
              limitA: 100
            circuits:
              - id: main
                limitA: 63
            chargePoints: []
            batteries:
              - id: bat
                circuit: main
                capacityWh: 50000
                usableEnergyWh: 55000
            """, 13, 21, "'usableEnergyWh' of battery 'bat' (55000 Wh) is more than its capacity (50000 Wh)");
    }

    [Fact]
    public void Rejects_an_other_load_that_is_both_reserved_and_metered()
    {
        ShouldFailWith("""
            site:
              id: t
            gridConnection:
              limitA: 100
            circuits:
              - id: main
                limitA: 63
            chargePoints: []
            otherLoads:
              - id: elevator
                circuit: main
                reservedW: 5000
                meteredWorstCaseW: 10000
            """, 13, 24, "other load 'elevator' must have exactly one of 'reservedW' (a fixed reservation) or 'meteredWorstCaseW' (a metered load)");
    }

    [Fact]
    public void Rejects_an_other_load_on_a_circuit_that_does_not_exist()
    {
        ShouldFailWith("""
            site:
              id: t
            gridConnection:
              limitA: 100
            circuits:
              - id: main
                limitA: 63
            chargePoints: []
            otherLoads:
              - id: elevator
                circuit: cab-b
                meteredWorstCaseW: 10000
            """, 11, 14, "other load 'elevator' sits on circuit 'cab-b', which does not exist");
    }

    [Fact]
    public void Rejects_other_loads_that_use_the_whole_circuit()
    {
        ShouldFailWith("""
            site:
              id: t
            gridConnection:
              limitA: 100
            circuits:
              - id: main
                limitW: 12000
            chargePoints: []
            otherLoads:
              - id: elevator
                circuit: main
                meteredWorstCaseW: 10000
              - id: lights
                circuit: main
                reservedW: 2000
            """, 6, 9, "the other loads on circuit 'main' and below it reserve 12000 W, all of its 12000 W limit, leaving nothing for charging");
    }

    [Fact]
    public void Rejects_a_malformed_authorization_key_hash()
    {
        ShouldFailWith("""
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
                authorizationKeyHash: my-secret-key
                chargingRateUnit: A
                connectors:
                  - { connectorId: 1, evseId: E1, connectionType: Type2, ratedPowerW: 11000, phases: 3 }
            """, 11, 27, "'authorizationKeyHash' of charge point 'CP1' is not a valid hash: expected 'pbkdf2-sha256$<iterations>$<salt>$<hash>'");
    }

    [Fact]
    public void Rejects_a_modbus_port_out_of_range()
    {
        ShouldFailWith("""
            site:
              id: t
            gridConnection:
              limitA: 100
            circuits:
              - id: main
                limitA: 63
            chargePoints: []
            pvInverters:
              - id: pv-1
                circuit: main
                ratedPowerW: 30000
                modbus:
                  host: 127.0.0.1
                  port: 70000
            """, 15, 13, "'port' of the modbus settings of PV inverter 'pv-1' must be from 1 to 65535, not 70000");
    }

    [Fact]
    public void Rejects_a_duplicate_pv_inverter_id()
    {
        ShouldFailWith("""
            site:
              id: t
            gridConnection:
              limitA: 100
            circuits:
              - id: main
                limitA: 63
            chargePoints: []
            pvInverters:
              - { id: pv-1, circuit: main, ratedPowerW: 30000, modbus: { host: 10.0.0.5 } }
              - { id: pv-1, circuit: main, ratedPowerW: 10000, modbus: { host: 10.0.0.6 } }
            """, 11, 11, "PV inverter id 'pv-1' is used twice (first at line 10)");
    }

    [Fact]
    public void Rejects_a_charge_point_without_connectors()
    {
        ShouldFailWith("""
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
                connectors: []
            """, 12, 17, "charge point 'CP1' must have at least one connector");
    }

    [Fact]
    public void Rejects_a_charge_point_entry_that_is_not_a_mapping()
    {
        ShouldFailWith("""
            site:
              id: t
            gridConnection:
              limitA: 100
            circuits:
              - id: main
                limitA: 63
            chargePoints:
              - CP1
            """, 9, 5, "item 1 of 'chargePoints' must be a mapping of keys to values, not 'CP1'");
    }

    [Fact]
    public void Rejects_a_negative_nominal_voltage()
    {
        ShouldFailWith("""
            site:
              id: t
              nominalVoltageV: -230
            gridConnection:
              limitA: 100
            circuits:
              - id: main
                limitA: 63
            chargePoints: []
            """, 3, 20, "'nominalVoltageV' of the site must be greater than 0, not -230");
    }

    [Fact]
    public void Rejects_an_empty_circuit_list()
    {
        ShouldFailWith("""
            site:
              id: t
            gridConnection:
              limitA: 100
            circuits: []
            chargePoints: []
            """, 5, 11, "'circuits' of the site map must list at least one item");
    }

    [Fact]
    public async Task Rejects_a_file_that_does_not_exist()
    {
        var path = Path.Combine(Path.GetTempPath(), $"no-such-site-{Guid.NewGuid():N}.yaml");

        var result = await SiteMapLoader.LoadFileAsync(path);

        result.Errors.Should().ContainSingle().Which.Should().Be(new SiteMapError(path, 0, 0, "the file does not exist"));
    }
}
