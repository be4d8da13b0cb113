using OliMove.Edge.Planning;
using OliMove.Edge.Testing;
using OliMove.Modbus.Forecast;
using OliMove.SiteMap;
using OliMove.Storage;
using OliMove.Tools.PvSimulator;
using AcceleratedTimeProvider = OliMove.Edge.Hosting.AcceleratedTimeProvider;

namespace OliMove.Edge.Tests.Pv;

/// <summary>The running service stores PV quarters read over Modbus TCP and rebuilds the forecast's history from them when restarted.</summary>
public sealed class PvHistoryServiceTests
{
    private const double PvW = 6_000;

    private static string SiteMap(int pvPort) => $"""
        site:
          id: pv-history
        gridConnection:
          limitW: 50000
        circuits:
          - id: cabinet
            limitW: 22000
        chargePoints:
          - chargePointId: PVH-CP-1
            circuit: cabinet
            chargingRateUnit: W
            authorizationKeyHash: "{AuthorizationKeyHash.Create("demo-key-PVH-CP-1")}"
            connectors:
              - connectorId: 1
                evseId: "DE*OLI*E9101*1"
                connectionType: Type2
                ratedPowerW: 11000
                phases: 3
        pvInverters:
          - id: pv-1
            circuit: cabinet
            ratedPowerW: 10000
            modbus:
              host: 127.0.0.1
              port: {pvPort}
              unitId: 1
        """;

    [Fact]
    public async Task A_restarted_service_plans_with_the_PV_history_its_predecessor_stored()
    {
        await using var inverter = new SunSpecInverterSimulator(new SimulatorOptions { RatedPowerW = 10_000 }, TimeProvider.System, _ => PvW);
        var port = inverter.Start();
        // Real speed, started just before a quarter ends: the poll every 5 s finishes that quarter within seconds.
        var start = new DateTimeOffset(2026, 6, 1, 10, 14, 50, TimeSpan.Zero);
        var first = await EdgeTestHost.StartAsync(new AcceleratedTimeProvider(start, 1), SiteMap(port));
        var directory = first.Directory;
        await Poll.UntilAsync(() => first.Get<PvSurplusSource>().History("pv-1").Any(s => s.PowerW == PvW), "a quarter of PV is finished", seconds: 60);
        await first.StopAsync();

        var restartAt = start.AddMinutes(30);
        await using var second = await EdgeTestHost.StartAsync(new AcceleratedTimeProvider(restartAt, 1), directory: directory);
        var stored = await second.Get<PvQuarterReadingRepository>().ListFromAsync(start.AddHours(-1));

        stored.Should().HaveCountGreaterThanOrEqualTo(2, "the finished quarter and, stored on stop, the unfinished one");
        stored.Should().OnlyContain(q => q.InverterId == "pv-1" && q.MeanPowerW == PvW && q.SampleCount >= 1);
        second.Get<PvSurplusSource>().History("pv-1").Should().Equal(stored.Select(q => new PvSample(q.QuarterStart, PvW)));
    }
}
