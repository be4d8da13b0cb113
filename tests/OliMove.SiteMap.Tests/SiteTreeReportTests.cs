namespace OliMove.SiteMap.Tests;

public class SiteTreeReportTests
{
    [Fact]
    public async Task Renders_the_tree_of_the_minimal_site()
    {
        var result = await SiteMapLoader.LoadFileAsync(SiteMapFiles.Path("minimal.yaml"));

        SiteTreeReport.Render(result).Should().Be("""
            site minimal (minimal), nominal 230 V
            grid connection: 63 A per phase (= 43.47 kW), root circuits together 43.47 kW
            1 charging group, 2 charge points, 2 connectors

            group cabinet: limit 43.47 kW, reserved 0.0 kW, guaranteed capacity 43.47 kW
              circuit cabinet: 63 A per phase (= 43.47 kW)
                charge point MINI-CP-1 (limits in A)
                  connector 1 DE*OLI*E0101*1: Type2, 11.0 kW, 3-phase, 6-16 A
                charge point MINI-CP-2 (limits in A)
                  connector 1 DE*OLI*E0102*1: Type2, 11.0 kW, 3-phase, 6-16 A

            """.ReplaceLineEndings(Environment.NewLine));
    }

    [Fact]
    public async Task Shows_each_demo_group_with_its_reservations_guarantee_and_pv()
    {
        var report = SiteTreeReport.Render(await SiteMapLoader.LoadFileAsync(SiteMapFiles.Path("demo.yaml")));

        report.Should().Contain("2 charging groups, 10 charge points, 11 connectors");
        report.Should().Contain("group cabinet-a: limit 86.25 kW, reserved 0.0 kW, guaranteed capacity 86.25 kW, plus PV up to 30.0 kW (surplus only, not guaranteed)");
        report.Should().Contain("group cabinet-b: limit 86.25 kW, reserved 12.0 kW, guaranteed capacity 74.25 kW");
        report.Should().Contain("      circuit carport: 63 A per phase (= 43.47 kW)");
        report.Should().Contain("connector 1 DE*OLI*E0004*1: Type2, 7.4 kW, 1-phase L1, 6-32 A");
        report.Should().Contain("connector 1 DE*OLI*E0008*1: CCS2, 50.0 kW, 3-phase, 6-72 A");
        report.Should().Contain("PV inverter pv-roof: 30.0 kW rated, modbus 127.0.0.1:1502 unit 1");
        report.Should().Contain("battery battery-1: 50.0 kWh capacity, 45.0 kWh usable");
        report.Should().Contain("other load elevator: metered, worst case 10.0 kW");
        report.Should().Contain("other load lighting: reserved 2.0 kW");
        report.Should().NotContain("warning");
    }

    [Fact]
    public void Lists_every_error_with_file_line_and_column_and_no_tree()
    {
        var result = SiteMapLoader.LoadString("""
            site:
              id: t
            gridConnection:
              limitA: 100
            circuits:
              - id: main
                limitA: 0
              - id: sub
                parent: nope
                limitA: 16
            chargePoints: []
            """, "sites/x.yaml");

        SiteTreeReport.Render(result).Should().Be("""
            sites/x.yaml: 2 errors
            sites/x.yaml:7:13: error: 'limitA' of circuit 'main' must be greater than 0, not 0
            sites/x.yaml:9:13: error: circuit 'sub' names parent 'nope', which does not exist

            """.ReplaceLineEndings(Environment.NewLine));
    }

    [Fact]
    public void Lists_warnings_after_the_tree()
    {
        var result = SiteMapLoader.LoadString("""
            site: { id: t }
            gridConnection: { limitA: 32 }
            circuits: [ { id: main, limitA: 32 } ]
            chargePoints:
              - chargePointId: CP1
                circuit: main
                chargingRateUnit: A
                connectors: [ { connectorId: 1, evseId: E1, connectionType: Schuko, ratedPowerW: 2300, phases: 1, phase: L1 } ]
            """, "w.yaml");

        var report = SiteTreeReport.Render(result);

        report.Should().Contain("charge point CP1 (limits in A, NO authorization key)");
        report.Should().EndWith("""

            1 warning:
            w.yaml:5:20: warning: charge point 'CP1' has no 'authorizationKeyHash': it can connect without HTTP Basic authentication

            """.ReplaceLineEndings(Environment.NewLine));
    }
}
