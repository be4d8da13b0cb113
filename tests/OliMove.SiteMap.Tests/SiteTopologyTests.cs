using OliMove.SiteMap.Model;
using OliMove.SiteMap.Topology;

namespace OliMove.SiteMap.Tests;

public class SiteTopologyTests
{
    // Two groups; the file lists circuits and charge points out of order on purpose.
    private const string TwoGroups = """
        site:
          id: t
          nominalVoltageV: 230
        gridConnection:
          limitA: 200
        circuits:
          - id: zeta
            limitW: 30000
          - id: alpha-2
            parent: alpha
            limitA: 32
          - id: alpha
            limitA: 100
            limitW: 50000
          - id: alpha-1
            parent: alpha
            limitA: 40
          - id: alpha-1-x
            parent: alpha-1
            limitA: 20
        chargePoints:
          - chargePointId: CP-B
            circuit: alpha-1-x
            chargingRateUnit: W
            connectors:
              - { connectorId: 2, evseId: E-B2, connectionType: Type2, ratedPowerW: 3700, phases: 1, phase: L2 }
              - { connectorId: 1, evseId: E-B1, connectionType: Type2, ratedPowerW: 11000, phases: 3, maxCurrentA: 13 }
          - chargePointId: CP-A
            circuit: alpha-2
            chargingRateUnit: A
            connectors:
              - { connectorId: 1, evseId: E-A1, connectionType: Type2, ratedPowerW: 22000, phases: 3, minCurrentA: 10 }
          - chargePointId: CP-Z
            circuit: zeta
            chargingRateUnit: A
            connectors:
              - { connectorId: 1, evseId: E-Z1, connectionType: Type2, ratedPowerW: 7400, phases: 1, phase: L3 }
        pvInverters:
          - { id: pv, circuit: alpha-1, ratedPowerW: 20000, modbus: { host: 10.0.0.9, port: 502, unitId: 3 } }
        batteries:
          - { id: bat, circuit: zeta, capacityWh: 20000, usableEnergyWh: 18000 }
        otherLoads:
          - { id: pump, circuit: alpha-1, reservedW: 1500 }
          - { id: lift, circuit: alpha, meteredWorstCaseW: 8000 }
          - { id: fan, circuit: zeta, reservedW: 500 }
        """;

    private static SiteTopology Load()
    {
        var result = SiteMapLoader.LoadString(TwoGroups);
        result.Errors.Should().BeEmpty();
        return result.Topology!;
    }

    [Fact]
    public void Each_root_circuit_is_a_group_ordered_by_id()
    {
        Load().Groups.Select(g => g.Id).Should().Equal("alpha", "zeta");
    }

    [Fact]
    public void Circuits_are_in_depth_first_order_with_children_by_id()
    {
        var alpha = Load().Groups[0];

        alpha.Circuits.Select(c => (c.Id, c.Depth)).Should().Equal(("alpha", 0), ("alpha-1", 1), ("alpha-1-x", 2), ("alpha-2", 1));
        alpha.Circuits.Should().OnlyContain(c => c.GroupId == "alpha");
        alpha.Root.ChildIds.Should().Equal("alpha-1", "alpha-2");
    }

    [Fact]
    public void Limits_are_in_watts_total_and_per_phase_at_the_nominal_voltage()
    {
        var topology = Load();

        var alpha = topology.FindCircuit("alpha")!;
        alpha.LimitW.Should().Be(50000, "limitW is below 3 x 100 A x 230 V = 69 kW");
        alpha.PhaseLimitW.Should().Be(23000);
        topology.FindCircuit("alpha-1")!.LimitW.Should().Be(3 * 40 * 230);
        topology.FindCircuit("zeta")!.PhaseLimitW.Should().BeNull("only a total in W is known");
        topology.GridLimitW.Should().Be(3 * 200 * 230);
    }

    [Fact]
    public void Reservations_add_up_the_tree_and_reduce_the_guaranteed_capacity()
    {
        var topology = Load();

        topology.FindCircuit("alpha-1")!.ReservedW.Should().Be(1500);
        topology.FindCircuit("alpha-1")!.AvailableW.Should().Be(27600 - 1500);
        var alpha = topology.Groups[0];
        alpha.ReservedW.Should().Be(9500);
        alpha.GuaranteedCapacityW.Should().Be(50000 - 9500);
        var zeta = topology.Groups[1];
        zeta.GuaranteedCapacityW.Should().Be(29500);
        zeta.OtherLoads.Select(l => (l.Id, l.Kind, l.PowerW)).Should().Equal(("fan", OtherLoadKind.Reserved, 500L));
    }

    [Fact]
    public void A_single_phase_load_is_reserved_whole_on_its_own_line_and_a_three_phase_load_a_third_on_each()
    {
        var yaml = TwoGroups.Replace(
            "- { id: pump, circuit: alpha-1, reservedW: 1500 }",
            "- { id: pump, circuit: alpha-1, reservedW: 1500, phases: 1, phase: L2 }",
            StringComparison.Ordinal);
        var result = SiteMapLoader.LoadString(yaml);
        result.Errors.Should().BeEmpty();
        var topology = result.Topology!;

        topology.FindCircuit("alpha-1")!.ReservedPerLineW.Should().Equal(0, 1500, 0);
        topology.FindCircuit("alpha-1")!.ReservedW.Should().Be(1500, "the total is the same however the load is wired");
        topology.FindCircuit("alpha")!.ReservedPerLineW.Should().Equal(8000.0 / 3, 8000.0 / 3 + 1500, 8000.0 / 3);
        topology.FindCircuit("alpha")!.ReservedMaxLineW.Should().Be(8000.0 / 3 + 1500);
        topology.FindCircuit("zeta")!.ReservedPerLineW.Should().Equal(500.0 / 3, 500.0 / 3, 500.0 / 3);
    }

    [Fact]
    public void Equipment_is_placed_in_the_group_of_its_circuit()
    {
        var topology = Load();

        topology.Groups[0].ChargePoints.Select(c => c.ChargePointId).Should().Equal("CP-A", "CP-B");
        topology.Groups[0].PvInverters.Select(p => p.Id).Should().Equal("pv");
        topology.Groups[0].OtherLoads.Select(l => l.Id).Should().Equal("lift", "pump");
        topology.Groups[1].ChargePoints.Select(c => c.ChargePointId).Should().Equal("CP-Z");
        topology.Groups[1].Batteries.Select(b => b.Id).Should().Equal("bat");
    }

    [Fact]
    public void Finds_charge_points_connectors_and_groups()
    {
        var topology = Load();

        topology.FindChargePoint("CP-B")!.CircuitId.Should().Be("alpha-1-x");
        topology.TryGetChargePoint("CP-A", out var cpA).Should().BeTrue();
        cpA.ChargingRateUnit.Should().Be(ChargingRateUnit.A);
        topology.FindChargePoint("cp-b").Should().BeNull("ids are case-sensitive, as OCPP identities are");
        topology.GroupOf("CP-Z")!.Id.Should().Be("zeta");
        topology.GroupOf("nope").Should().BeNull();
        topology.FindConnector("CP-B", 2).Should().Be(
            new ConnectorDefinition(2, "E-B2", ConnectionType.Type2, 3700, 1, PhaseConductor.L2, 6, 16));
        topology.FindConnector("CP-B", 3).Should().BeNull();
        topology.PathToRoot("alpha-1-x").Select(c => c.Id).Should().Equal("alpha-1-x", "alpha-1", "alpha");
    }

    [Fact]
    public void Connectors_are_ordered_by_id_with_defaults_and_derived_maximum_current()
    {
        var cp = Load().FindChargePoint("CP-B")!;

        cp.Connectors.Select(c => c.ConnectorId).Should().Equal(1, 2);
        cp.Connectors[0].MaxCurrentA.Should().Be(13, "configured");
        cp.Connectors[1].MaxCurrentA.Should().Be(16, "3700 W / 230 V = 16.09 A, rounded to a whole ampere");
        cp.Connectors[1].MinCurrentA.Should().Be(6, "the IEC 61851 minimum is the default");
        Load().FindConnector("CP-A", 1)!.MinCurrentA.Should().Be(10);
    }

    [Fact]
    public void The_same_file_gives_the_same_topology_every_time()
    {
        var first = SiteTreeReport.Render(SiteMapLoader.LoadString(TwoGroups));
        var second = SiteTreeReport.Render(SiteMapLoader.LoadString(TwoGroups));

        second.Should().Be(first);
    }

    [Fact]
    public void Site_name_defaults_to_the_id_and_voltage_to_230_V()
    {
        var result = SiteMapLoader.LoadString("""
            site: { id: plain }
            gridConnection: { limitW: 50000 }
            circuits: [ { id: main, limitW: 40000 } ]
            chargePoints: []
            """);

        result.Map!.SiteName.Should().Be("plain");
        result.Map.NominalVoltageV.Should().Be(230);
    }
}
