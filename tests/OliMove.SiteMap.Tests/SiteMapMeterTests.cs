using OliMove.SiteMap.Model;

namespace OliMove.SiteMap.Tests;

public sealed class SiteMapMeterTests
{
    private const string Site = """
        site:
          id: t
        gridConnection:
          limitA: 125
        circuits:
          - id: cabinet
            limitA: 100
          - id: carport
            parent: cabinet
            limitA: 63
        chargePoints:
          - chargePointId: CP-1
            circuit: carport
            chargingRateUnit: A
            connectors:
              - connectorId: 1
                evseId: DE*OLI*E1*1
                connectionType: Type2
                ratedPowerW: 22000
                phases: 3
        otherLoads:
          - id: building
            circuit: cabinet
            meteredWorstCaseW: 40000
          - id: pump
            circuit: carport
            meteredWorstCaseW: 3000
            phases: 1
            phase: L2
          - id: lighting
            circuit: cabinet
            reservedW: 1000

        """;

    [Fact]
    public void Reads_meters_on_the_grid_a_circuit_and_a_load_with_a_sunspec_or_declared_register_map()
    {
        var result = SiteMapLoader.LoadString(Site + """
            meters:
              - id: grid
                gridConnection: true
                modbus: { host: 10.0.0.5 }
              - id: cabinet-meter
                circuit: cabinet
                modbus: { host: 10.0.0.6, port: 1502, unitId: 3 }
                registers:
                  table: Input
                  totalPowerW: { address: 52, type: Float32 }
                  phasePowerW:
                    - { address: 12, type: Float32, wordOrder: LowFirst }
                    - { address: 14, type: Float32, wordOrder: LowFirst }
                    - { address: 16, type: Int32, scale: 0.1, byteOrder: LowFirst }
              - id: pump-meter
                otherLoad: pump
                modbus: { host: 10.0.0.7 }
                registers:
                  totalPowerW: { address: 0, type: Int16, scale: -1 }
            """, "t.yaml");

        result.Errors.Should().BeEmpty();
        var meters = result.Map!.Meters;
        meters.Select(m => (m.Id, m.Attachment, m.TargetId)).Should().Equal(
            ("grid", MeterAttachment.GridConnection, null),
            ("cabinet-meter", MeterAttachment.Circuit, "cabinet"),
            ("pump-meter", MeterAttachment.OtherLoad, "pump"));
        meters[0].Registers.Should().BeNull("no register map means a SunSpec meter");
        meters[0].Modbus.Should().Be(new ModbusEndpoint("10.0.0.5", 502, 1));
        var map = meters[1].Registers!;
        map.Table.Should().Be(MeterRegisterTable.Input);
        map.TotalPowerW.Should().Be(new MeterPointDefinition(52, MeterValueType.Float32, 1, MeterWordOrder.HighFirst, MeterByteOrder.HighFirst));
        map.PhasePowerW.Should().HaveCount(3);
        map.PhasePowerW[0].WordOrder.Should().Be(MeterWordOrder.LowFirst);
        map.PhasePowerW[2].Should().Be(new MeterPointDefinition(16, MeterValueType.Int32, 0.1, MeterWordOrder.HighFirst, MeterByteOrder.LowFirst));
        meters[2].Registers!.TotalPowerW!.Scale.Should().Be(-1);
        result.Map.OtherLoads.Single(l => l.Id == "pump").Phases.Should().Equal(PhaseConductor.L2);
        result.Map.OtherLoads.Single(l => l.Id == "building").Phases.Should().Equal(PhaseConductor.L1, PhaseConductor.L2, PhaseConductor.L3);
    }

    [Fact]
    public void Site_check_shows_what_each_meter_measures()
    {
        var report = SiteTreeReport.Render(SiteMapLoader.LoadString(Site + """
            meters:
              - id: grid
                gridConnection: true
                modbus: { host: 10.0.0.5 }
              - id: cabinet-meter
                circuit: cabinet
                modbus: { host: 10.0.0.6, unitId: 3 }
                registers:
                  phasePowerW: [{ address: 12, type: Float32 }, { address: 14, type: Float32 }, { address: 16, type: Float32 }]
              - id: pump-meter
                otherLoad: pump
                modbus: { host: 10.0.0.7 }
            """, "t.yaml"));

        report.Should().Contain("  meter grid: measures the whole site; SunSpec 201-204, modbus 10.0.0.5:502 unit 1");
        report.Should().Contain("    meter cabinet-meter: measures everything below this circuit, chargers included; register map (Holding, 3 phase(s)), modbus 10.0.0.6:502 unit 3");
        report.Should().Contain("other load pump: metered, worst case 3.0 kW, 1-phase L2");
        report.Should().Contain("  meter pump-meter: measures this load only; SunSpec 201-204, modbus 10.0.0.7:502 unit 1");
        report.Should().Contain("other load building: metered, worst case 40.0 kW, 3-phase");
    }

    [Theory]
    [InlineData("""
        - id: m1
          circuit: cabinet
          modbus: { host: a }
        - id: m2
          circuit: cabinet
          modbus: { host: b }
        """, "meter 'm2' measures the same circuit 'cabinet' as meter 'm1' (line 34); its load would be counted twice")]
    [InlineData("""
        - id: m1
          circuit: cabinet
          modbus: { host: a }
        - id: m2
          otherLoad: building
          modbus: { host: b }
        """, "meter 'm2' measures other load 'building', which meter 'm1' already measures with everything on circuit 'cabinet'; its load would be counted twice (keep one of the two)")]
    [InlineData("""
        - id: m1
          otherLoad: lighting
          modbus: { host: a }
        """, "meter 'm1' measures other load 'lighting', which is a fixed reservation ('reservedW'); give the load 'meteredWorstCaseW' instead")]
    [InlineData("""
        - id: m1
          circuit: garage
          modbus: { host: a }
        """, "meter 'm1' measures circuit 'garage', which does not exist")]
    [InlineData("""
        - id: m1
          circuit: cabinet
          otherLoad: building
          modbus: { host: a }
        """, "meter 'm1' must measure exactly one thing: 'gridConnection: true', 'circuit: <id>' (everything below it) or 'otherLoad: <id>'")]
    [InlineData("""
        - id: m1
          gridConnection: true
          modbus: { host: a }
          registers: { table: Input }
        """, "the register map of meter 'm1' needs 'totalPowerW', 'phasePowerW' or both")]
    [InlineData("""
        - id: m1
          gridConnection: true
          modbus: { host: a }
          registers:
            totalPowerW: { address: 65535, type: Float32, scale: 0 }
        """, "'scale' of 'totalPowerW' of meter 'm1' must not be 0 (it multiplies the raw value to W)")]
    [InlineData("""
        - id: m1
          gridConnection: true
          modbus: { host: a }
          registers:
            phasePowerW: [{ address: 1, type: Float32 }, { address: 3, type: Float32 }, { address: 5, type: Float32 }, { address: 7, type: Float32 }]
        """, "'phasePowerW' of meter 'm1' must list 1 to 3 phases (L1 first), not 4")]
    [InlineData("""
        - id: m1
          gridConnection: true
          modbus: { host: a }
          registers:
            totalPowerW: { address: 1, type: Double }
        """, "'type' of 'totalPowerW' of meter 'm1' must be one of Int16, UInt16, Int32, UInt32, Float32, not 'Double'")]
    public void Refuses_a_meter_that_measures_nothing_real_or_counts_a_load_twice(string meters, string error)
    {
        var result = SiteMapLoader.LoadString(Site + "meters:\n" + meters, "t.yaml");

        result.Map.Should().BeNull();
        result.Errors.Select(e => e.Message).Should().Contain(error);
    }

    [Fact]
    public void Meters_on_nested_circuits_each_measure_their_own_subtree_and_are_accepted()
    {
        var result = SiteMapLoader.LoadString(Site + """
            meters:
              - id: cabinet-meter
                circuit: cabinet
                modbus: { host: a }
              - id: carport-meter
                circuit: carport
                modbus: { host: b }
              - id: grid
                gridConnection: true
                modbus: { host: c }
            """, "t.yaml");

        result.Errors.Should().BeEmpty();
        result.Map!.Meters.Should().HaveCount(3);
    }

    [Fact]
    public void A_single_phase_load_needs_its_line()
    {
        var result = SiteMapLoader.LoadString(Site.Replace("phase: L2", "", StringComparison.Ordinal), "t.yaml");

        result.Errors.Select(e => e.Message).Should().Contain("other load 'pump' is single-phase, so it needs 'phase' (L1, L2 or L3)");
    }
}
