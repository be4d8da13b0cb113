using OliMove.SiteMap.Model;

namespace OliMove.SiteMap.Tests;

public sealed class SiteMapBatteryTests
{
    private const string Site = """
        site:
          id: t
        gridConnection:
          limitA: 125
        circuits:
          - id: cabinet
            limitA: 100
        chargePoints:
          - chargePointId: CP-1
            circuit: cabinet
            chargingRateUnit: A
            connectors:
              - connectorId: 1
                evseId: DE*OLI*E1*1
                connectionType: Type2
                ratedPowerW: 22000
                phases: 3
        batteries:

        """;

    [Fact]
    public void Reads_a_battery_with_its_reserve_limits_and_modbus_endpoint()
    {
        var result = SiteMapLoader.LoadString(Site + """
              - id: storage
                circuit: cabinet
                capacityWh: 110000
                usableEnergyWh: 100000
                reservePercent: 20
                maxChargeW: 30000
                maxDischargeW: 40000
                chargeFromGrid: true
                modbus: { host: 10.0.0.9, unitId: 2 }
              - id: backup
                circuit: cabinet
                capacityWh: 10000
                usableEnergyWh: 9000
                reserveWh: 4500
            """, "t.yaml");

        result.Errors.Should().BeEmpty();
        var storage = result.Map!.Batteries.Single(b => b.Id == "storage");
        storage.ReserveWh.Should().Be(20_000);
        storage.MaxChargeW.Should().Be(30_000);
        storage.MaxDischargeW.Should().Be(40_000);
        storage.ChargeFromGrid.Should().BeTrue();
        storage.Modbus.Should().Be(new ModbusEndpoint("10.0.0.9", 502, 2));
        var backup = result.Map.Batteries.Single(b => b.Id == "backup");
        backup.ReserveWh.Should().Be(4_500);
        backup.Modbus.Should().BeNull("a battery without modbus is registered but not controlled");
        backup.ChargeFromGrid.Should().BeFalse();
    }

    [Fact]
    public void Without_a_declared_reserve_ten_percent_of_the_usable_energy_is_kept()
    {
        var result = SiteMapLoader.LoadString(Site + """
              - { id: b, circuit: cabinet, capacityWh: 50000, usableEnergyWh: 45000 }
            """, "t.yaml");

        result.Errors.Should().BeEmpty();
        result.Map!.Batteries.Single().ReserveWh.Should().Be(4_500);
    }

    [Theory]
    [InlineData("reserveWh: 1000, reservePercent: 10", "has both 'reserveWh' and 'reservePercent'")]
    [InlineData("reservePercent: 120", "'reservePercent' of battery 'b' must be from 0 to 100, not 120")]
    [InlineData("reserveWh: 50000", "'reserveWh' of battery 'b' must be from 0 to its usable energy (45000 Wh), not 50000")]
    [InlineData("maxChargeW: 0", "'maxChargeW' of battery 'b' must be greater than 0")]
    [InlineData("chargeFromGrid: yes", "'chargeFromGrid' of battery 'b' must be true or false")]
    public void Refuses_a_wrong_reserve_or_limit_with_a_clear_error(string extra, string error)
    {
        var result = SiteMapLoader.LoadString(Site + $$"""
              - { id: b, circuit: cabinet, capacityWh: 50000, usableEnergyWh: 45000, {{extra}} }
            """, "t.yaml");

        result.Map.Should().BeNull();
        result.Errors.Select(e => e.Message).Should().Contain(m => m.Contains(error));
    }

    [Fact]
    public void Site_check_shows_the_reserve_and_whether_the_battery_is_controlled()
    {
        var report = SiteTreeReport.Render(SiteMapLoader.LoadString(Site + """
              - { id: storage, circuit: cabinet, capacityWh: 110000, usableEnergyWh: 100000, modbus: { host: 10.0.0.9 } }
              - { id: backup, circuit: cabinet, capacityWh: 10000, usableEnergyWh: 9000, reserveWh: 4500 }
            """, "t.yaml"));

        report.Should().Contain("battery storage: 110.0 kWh capacity, 100.0 kWh usable, reserve 10.0 kWh, modbus 10.0.0.9:502 unit 1");
        report.Should().Contain("battery backup: 10.0 kWh capacity, 9.0 kWh usable, reserve 4.5 kWh, not controlled (no modbus)");
    }
}
