using OliMove.SiteMap.Model;

namespace OliMove.SiteMap.Tests;

public class ExampleSiteMapTests
{
    [Theory]
    [InlineData("demo.yaml")]
    [InlineData("minimal.yaml")]
    public async Task Example_loads_without_errors_or_warnings(string name)
    {
        var result = await SiteMapLoader.LoadFileAsync(SiteMapFiles.Path(name));

        result.Errors.Should().BeEmpty();
        result.Warnings.Should().BeEmpty();
        result.IsValid.Should().BeTrue();
    }

    [Fact]
    public async Task Demo_has_two_groups_ten_charge_points_mixed_phases_and_units()
    {
        var result = await SiteMapLoader.LoadFileAsync(SiteMapFiles.Path("demo.yaml"));
        var topology = result.Topology!;

        topology.Groups.Select(g => g.Id).Should().Equal("cabinet-a", "cabinet-b");
        topology.ChargePoints.Should().HaveCount(10);
        var connectors = topology.ChargePoints.SelectMany(c => c.Connectors).ToList();
        connectors.Should().Contain(c => c.Phases == 1).And.Contain(c => c.Phases == 3);
        connectors.Select(c => c.RatedPowerW).Should().Contain([7400, 11000, 22000, 50000]);
        topology.ChargePoints.Select(c => c.ChargingRateUnit).Distinct().Should().BeEquivalentTo([ChargingRateUnit.A, ChargingRateUnit.W]);
        topology.GroupOf("OLI-DEMO-08")!.OtherLoads.Should().Contain(l => l.Id == "elevator" && l.Kind == OtherLoadKind.Metered);
        topology.GroupOf("OLI-DEMO-01")!.PvInverters.Should().ContainSingle()
            .Which.Modbus.Should().Be(new ModbusEndpoint("127.0.0.1", 1502, 1));
        topology.Map.Batteries.Should().ContainSingle();
        topology.GridLimitW.Should().BeGreaterThan(topology.Groups.Sum(g => g.LimitW));
    }

    [Fact]
    public async Task Demo_authorization_keys_are_demo_key_followed_by_the_charge_point_id()
    {
        var result = await SiteMapLoader.LoadFileAsync(SiteMapFiles.Path("demo.yaml"));

        foreach (var cp in result.Topology!.ChargePoints)
        {
            AuthorizationKeyHash.Verify($"demo-key-{cp.ChargePointId}", cp.AuthorizationKeyHash!).Should().BeTrue(cp.ChargePointId);
            AuthorizationKeyHash.Verify($"demo-key-{cp.ChargePointId}x", cp.AuthorizationKeyHash!).Should().BeFalse();
        }
    }

    [Fact]
    public async Task Minimal_site_is_one_cabinet_with_two_charge_points()
    {
        var result = await SiteMapLoader.LoadFileAsync(SiteMapFiles.Path("minimal.yaml"));

        var group = result.Topology!.Groups.Should().ContainSingle().Subject;
        group.Circuits.Should().ContainSingle();
        group.ChargePoints.Should().HaveCount(2);
        result.Map!.NominalVoltageV.Should().Be(230);
    }
}
