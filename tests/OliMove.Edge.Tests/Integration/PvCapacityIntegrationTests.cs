using OliMove.Edge.Live;
using OliMove.Edge.Planning;
using OliMove.Edge.Testing;
using OliMove.Modbus.Polling;
using OliMove.SiteMap;
using OliMove.Tools.CpSimulator;
using OliMove.Tools.PvSimulator;

namespace OliMove.Edge.Tests.Integration;

/// <summary>PV read over real Modbus TCP raises what the allocator plans for its group, as surplus only.</summary>
public class PvCapacityIntegrationTests
{
    private const long CabinetLimitW = 12_000;
    private const double PvW = 8_000;

    private static string SiteMap(int pvPort) => $"""
        site:
          id: pv-test
        gridConnection:
          limitW: 50000
        circuits:
          - id: cabinet
            limitW: {CabinetLimitW}
        chargePoints:
          - chargePointId: PV-TEST-CP-1
            circuit: cabinet
            chargingRateUnit: W
            authorizationKeyHash: "{AuthorizationKeyHash.Create("demo-key-PV-TEST-CP-1")}"
            connectors:
              - connectorId: 1
                evseId: "DE*OLI*E9001*1"
                connectionType: Type2
                ratedPowerW: 11000
                phases: 3
          - chargePointId: PV-TEST-CP-2
            circuit: cabinet
            chargingRateUnit: W
            authorizationKeyHash: "{AuthorizationKeyHash.Create("demo-key-PV-TEST-CP-2")}"
            connectors:
              - connectorId: 1
                evseId: "DE*OLI*E9002*1"
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
    public async Task Measured_PV_raises_the_groups_planned_power_above_its_guaranteed_capacity()
    {
        await using var inverter = new SunSpecInverterSimulator(new SimulatorOptions { RatedPowerW = 10_000 }, TimeProvider.System, _ => PvW);
        var port = inverter.Start();
        await using var host = await EdgeTestHost.StartAsync(siteMapYaml: SiteMap(port));
        var chargePoints = new List<SimulatedChargePoint>();
        foreach (var id in new[] { "PV-TEST-CP-1", "PV-TEST-CP-2" })
        {
            var cp = new SimulatedChargePoint(new SimulatedChargePointOptions
            {
                ChargePointId = id,
                CentralSystem = new Uri(host.OcppUri.ToString().TrimEnd('/')),
                AuthorizationKey = $"demo-key-{id}",
                AllowedChargingRateUnits = "Power",
            });
            chargePoints.Add(cp);
            await cp.ConnectAsync();
            await cp.BootAsync();
            await cp.StartTransactionAsync(1, $"TAG-{id}", new FixedLimitCar(11_000));
        }

        var pv = host.Get<PvLiveState>();
        await Poll.UntilAsync(() => pv.Latest("pv-1", DateTimeOffset.UtcNow)?.Status == PvReadingStatus.Ok, "the inverter is read", seconds: 30);
        var board = host.Get<PlanBoard>();
        await Poll.UntilAsync(
            () =>
            {
                host.Get<ReplanSignal>().Request("cabinet");
                return board.Get("cabinet")?.Plan.Sessions.Sum(s => s.SetpointW) > CabinetLimitW;
            },
            "the plan uses PV on top of the cabinet's limit", seconds: 30);

        var plan = board.Get("cabinet")!;
        plan.Plan.Sessions.Sum(s => s.SetpointW).Should().BeLessThanOrEqualTo(CabinetLimitW + (long)PvW);
        plan.Snapshot.Circuits.Single().GuaranteedW[0].Should().Be(CabinetLimitW, "PV never becomes guaranteed capacity");
        plan.Snapshot.Circuits.Single().SurplusW[0].Should().Be((long)PvW);
        foreach (var cp in chargePoints)
        {
            await cp.DisposeAsync();
        }
    }
}
