using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using OliMove.Edge.Live;
using OliMove.Edge.Metering;
using OliMove.Edge.Testing;
using OliMove.SiteMap;
using OliMove.Tools.CpSimulator;
using OliMove.Tools.PvSimulator;
using Xunit.Abstractions;

namespace OliMove.Edge.Tests.Metering;

/// <summary>
/// A cabinet meter over real Modbus TCP (the pv-simulator's SunSpec model 203) and two chargers over real OCPP, in
/// real time. The meter reads what the simulated cabinet draws: the building plus both chargers' draw.
/// </summary>
public sealed class MeasuredHeadroomEndToEndTests(ITestOutputHelper output)
{
    // 100 A per phase at 230 V = 69 kW; the building's declared worst case 20 kW would leave 49 kW, enough for both
    // 22 kW chargers, so only the measurement can make them yield when the building draws 40 kW.
    private const long CabinetLimitW = 69_000;
    private const long StaticWorstCaseW = 20_000;

    private static string SiteMap(int meterPort) => $"""
        site:
          id: meter-test
        gridConnection:
          limitW: 100000
        circuits:
          - id: cabinet
            limitA: 100
        chargePoints:
          - chargePointId: MT-CP-1
            circuit: cabinet
            chargingRateUnit: W
            authorizationKeyHash: "{AuthorizationKeyHash.Create("demo-key-MT-CP-1")}"
            connectors:
              - connectorId: 1
                evseId: "DE*OLI*E9101*1"
                connectionType: Type2
                ratedPowerW: 22080
                phases: 3
          - chargePointId: MT-CP-2
            circuit: cabinet
            chargingRateUnit: W
            authorizationKeyHash: "{AuthorizationKeyHash.Create("demo-key-MT-CP-2")}"
            connectors:
              - connectorId: 1
                evseId: "DE*OLI*E9102*1"
                connectionType: Type2
                ratedPowerW: 22080
                phases: 3
        otherLoads:
          - id: building
            circuit: cabinet
            meteredWorstCaseW: {StaticWorstCaseW}
        meters:
          - id: cabinet-meter
            circuit: cabinet
            modbus:
              host: 127.0.0.1
              port: {meterPort}
              unitId: 1
        """;

    [Fact]
    public async Task A_building_load_stepping_from_5_to_40_kW_lowers_the_chargers_within_5_s_and_a_dead_meter_falls_back_to_the_worst_case()
    {
        await using var meter = new SunSpecInverterSimulator(new SimulatorOptions { MeterModelId = 203 }, TimeProvider.System, _ => 0);
        var port = meter.Start();
        await using var host = await EdgeTestHost.StartAsync(siteMapYaml: SiteMap(port));
        var chargePoints = new List<SimulatedChargePoint>();
        foreach (var id in new[] { "MT-CP-1", "MT-CP-2" })
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
            await cp.StartTransactionAsync(1, $"TAG-{id}", new FixedLimitCar(22_080));
        }

        // Simulated physics: every 100 ms the chargers follow their profiles and the meter reads building + chargers;
        // every 500 ms the chargers report their power (MeterValues), as a short sample interval would.
        var buildingW = 5_100L;
        using var stop = new CancellationTokenSource();
        var physics = Task.Run(async () =>
        {
            var tick = 0;
            while (!stop.IsCancellationRequested)
            {
                var now = DateTimeOffset.UtcNow;
                chargePoints.ForEach(cp => cp.Advance(now));
                var chargersW = (long)chargePoints.Sum(cp => cp.Connectors.Sum(c => c.DrawW));
                var perPhase = (Volatile.Read(ref buildingW) + chargersW) / 3;
                meter.SetMeterPhasePowers(perPhase, perPhase, perPhase);
                if (tick++ % 5 == 0)
                {
                    foreach (var cp in chargePoints)
                    {
                        await cp.SampleMeterValuesAsync();
                    }
                }

                await Task.Delay(100);
            }
        });

        double ChargersOfferedW() => chargePoints.Sum(cp => cp.Connectors.Sum(c => c.OfferedW));
        await Poll.UntilAsync(() => ChargersOfferedW() >= 44_000, "with 5 kW measured both chargers get their full 22 kW", seconds: 60);

        Volatile.Write(ref buildingW, 40_200);
        var stepped = Stopwatch.StartNew();
        await Poll.UntilAsync(() => ChargersOfferedW() <= CabinetLimitW - 40_200, "the chargers yield to the building", seconds: 20);
        var reaction = stepped.Elapsed;
        output.WriteLine($"building step to lowered profiles at the chargers: {reaction.TotalMilliseconds:0} ms (real time)");
        reaction.Should().BeLessThan(TimeSpan.FromSeconds(5), "lowered profiles reach the chargers within 5 s of the meter reading (real time)");

        var plan = host.Get<PlanBoard>().Get("cabinet")!;
        plan.Plan.Sessions.Sum(s => s.SetpointW).Should().BeLessThanOrEqualTo(CabinetLimitW - 40_200);

        // The meter stops answering: at once its circuit plans with the static worst case again, and health says so.
        meter.Hang = true;
        var health = () => host.Get<MeterReadings>().Health().Single();
        await Poll.UntilAsync(() => health().Status == "failing", "the hung meter is reported", seconds: 20);
        await Poll.UntilAsync(
            () => host.Get<PlanBoard>().Get("cabinet")?.Snapshot.Circuits.Single().GuaranteedW.All(w => w == CabinetLimitW - StaticWorstCaseW) == true,
            "the group is re-planned with the static reservation", seconds: 20);
        using var http = new HttpClient { BaseAddress = host.BaseUri };
        var body = await http.GetFromJsonAsync<JsonElement>("/api/v1/health");
        var shown = body.GetProperty("meters")[0];
        shown.GetProperty("meterId").GetString().Should().Be("cabinet-meter");
        shown.GetProperty("status").GetString().Should().Be("failing");

        await stop.CancelAsync();
        await physics;
        foreach (var cp in chargePoints)
        {
            await cp.DisposeAsync();
        }
    }
}
