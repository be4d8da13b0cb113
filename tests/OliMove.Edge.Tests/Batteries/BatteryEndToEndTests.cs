using System.Net.Http.Json;
using System.Text.Json;
using OliMove.Edge.Api;
using OliMove.Edge.Batteries;
using OliMove.Edge.Configuration;
using OliMove.Edge.Live;
using OliMove.Edge.Testing;
using OliMove.Scheduling;
using OliMove.SiteMap;
using OliMove.Tools.CpSimulator;
using OliMove.Tools.PvSimulator;

namespace OliMove.Edge.Tests.Batteries;

/// <summary>
/// A site battery over real Modbus TCP (the pv-simulator's SunSpec models 124 and 802) beside two chargers over real
/// OCPP, with the real service, in real time. The cabinet's 22 kW cannot feed both 22 kW cars; the battery's
/// discharge raises the group's capacity, its setpoint reaches the simulator, and it never goes below its reserve.
/// </summary>
public sealed class BatteryEndToEndTests
{
    // 32 A per phase at 230 V: the cabinet gives 22,080 W; the battery up to 10 kW more.
    private const long CabinetLimitW = 22_080;
    private const double UsableWh = 20_000;
    private const double ReserveWh = 10_000;

    private static string SiteMap(int batteryPort) => $"""
        site:
          id: battery-test
        gridConnection:
          limitW: 100000
        circuits:
          - id: cabinet
            limitA: 32
        chargePoints:
          - chargePointId: BT-CP-1
            circuit: cabinet
            chargingRateUnit: W
            authorizationKeyHash: "{AuthorizationKeyHash.Create("demo-key-BT-CP-1")}"
            connectors:
              - connectorId: 1
                evseId: "DE*OLI*E9201*1"
                connectionType: Type2
                ratedPowerW: 22080
                phases: 3
          - chargePointId: BT-CP-2
            circuit: cabinet
            chargingRateUnit: W
            authorizationKeyHash: "{AuthorizationKeyHash.Create("demo-key-BT-CP-2")}"
            connectors:
              - connectorId: 1
                evseId: "DE*OLI*E9202*1"
                connectionType: Type2
                ratedPowerW: 22080
                phases: 3
        batteries:
          - id: cabinet-battery
            circuit: cabinet
            capacityWh: 22000
            usableEnergyWh: {UsableWh}
            reserveWh: {ReserveWh}
            modbus:
              host: 127.0.0.1
              port: {batteryPort}
              unitId: 1
        """;

    [Fact]
    public async Task Discharge_raises_the_cabinet_for_both_cars_the_setpoint_reaches_the_battery_and_it_stops_at_its_reserve()
    {
        await using var site = await SimulatedSite.StartAsync();
        await site.WaitUntilDischargingAsync();

        // The archived input carries the battery (hashed, replayed by verify) and the plan its power.
        var inForce = site.Host.Get<PlanBoard>().Get("cabinet")!;
        inForce.Record.InputJson.Should().Contain("\"batteries\":[{\"batteryId\":\"cabinet-battery\"");
        inForce.Record.InputSha256.Should().Be(CanonicalJson.SnapshotHash(SnapshotJsonReader.Read(inForce.Record.InputJson)));
        CanonicalJson.Plan(OliMove.Scheduling.Batteries.BatteryAllocator.Plan(SnapshotJsonReader.Read(inForce.Record.InputJson)))
            .Should().Be(inForce.Record.OutputJson, "the archived plan replays from the archived input");

        // The group endpoint (and with it the cockpit's battery panel) shows its state of charge and power.
        using (var http = new HttpClient { BaseAddress = site.Host.BaseUri })
        {
            http.DefaultRequestHeaders.Authorization = new("Bearer", SimulatedSite.ViewerToken);
            var shown = (await http.GetFromJsonAsync<JsonElement>("/api/v1/groups/cabinet")).GetProperty("batteries")[0];
            shown.GetProperty("id").GetString().Should().Be("cabinet-battery");
            shown.GetProperty("status").GetString().Should().Be("ok");
            shown.GetProperty("socPercent").GetDouble().Should().BeInRange(50, 80);
            shown.GetProperty("reserveWh").GetInt64().Should().Be((long)ReserveWh);
            shown.GetProperty("powerW").GetInt64().Should().BeLessThan(-5_000, "it discharges, measured over model 802");
            shown.GetProperty("plannedW").GetInt64().Should().BeLessThan(-5_000);
        }

        // The battery was drained by something the edge did not plan: 5 Wh above its reserve are left.
        site.Battery.SetBatteryStoredWh(ReserveWh + 5);
        await Poll.UntilAsync(() => site.Battery.BatteryPowerW == 0, "the battery stops discharging at its reserve", seconds: 30);
        await Poll.UntilAsync(() => site.OfferedW() <= CabinetLimitW, "without the battery's energy the cars share the cabinet's own 22 kW", seconds: 30);
        site.LowestStoredWh.Should().BeGreaterThanOrEqualTo(ReserveWh - 0.001, "the battery never goes below its reserve");
        site.Host.Get<PlanBoard>().Get("cabinet")!.Plan.Batteries!.Single().SetpointW.Should().BeGreaterThanOrEqualTo(0);
    }

    [Fact]
    public async Task A_battery_that_stops_answering_gives_no_capacity_and_is_reported()
    {
        await using var site = await SimulatedSite.StartAsync();
        await site.WaitUntilDischargingAsync();

        site.Battery.Hang = true;
        await Poll.UntilAsync(() => site.Host.Get<BatteryLiveState>().Health().SingleOrDefault()?.Status == "failing", "the hung battery is reported", seconds: 30);
        await Poll.UntilAsync(
            () => site.Host.Get<PlanBoard>().Get("cabinet") is { } p && p.Snapshot.Batteries is null && p.Plan.Sessions.Sum(s => s.SetpointW) <= CabinetLimitW,
            "the group is re-planned without the battery, within the cabinet's own limit", seconds: 30);
        await Poll.UntilAsync(() => site.OfferedW() <= CabinetLimitW, "the cars are lowered to the cabinet's own 22 kW", seconds: 30);

        using var http = new HttpClient { BaseAddress = site.Host.BaseUri };
        var body = await http.GetFromJsonAsync<JsonElement>("/api/v1/health");
        var shown = body.GetProperty("batteries")[0];
        shown.GetProperty("batteryId").GetString().Should().Be("cabinet-battery");
        shown.GetProperty("status").GetString().Should().Be("failing");
    }

    /// <summary>The battery simulator, the service and two charging cars, with simulated physics every 100 ms.</summary>
    private sealed class SimulatedSite : IAsyncDisposable
    {
        public const string ViewerToken = "battery-test-viewer-token";

        private readonly List<SimulatedChargePoint> _chargePoints = [];
        private readonly CancellationTokenSource _stop = new();
        private Task _physics = Task.CompletedTask;
        private double _lowestStoredWh = double.MaxValue;

        private SimulatedSite(SunSpecInverterSimulator battery, EdgeTestHost host)
        {
            Battery = battery;
            Host = host;
        }

        public SunSpecInverterSimulator Battery { get; }

        public EdgeTestHost Host { get; }

        public double LowestStoredWh => Volatile.Read(ref _lowestStoredWh);

        public static async Task<SimulatedSite> StartAsync()
        {
            // 80 % of 20 kWh: 6 kWh above the 10 kWh reserve, 10 kW at most.
            var battery = new SunSpecInverterSimulator(
                new SimulatorOptions { BatteryCapacityWh = UsableWh, BatteryMaxPowerW = 10_000, BatteryInitialSocPercent = 80 },
                TimeProvider.System,
                _ => 0);
            var port = battery.Start();
            var host = await EdgeTestHost.StartAsync(
                siteMapYaml: SiteMap(port),
                configure: o => o.Api.Tokens = [new ApiTokenOptions { Name = "viewer", Role = "viewer", Sha256 = ApiTokenHash.Sha256Hex(ViewerToken) }]);
            var site = new SimulatedSite(battery, host);
            foreach (var id in new[] { "BT-CP-1", "BT-CP-2" })
            {
                var cp = new SimulatedChargePoint(new SimulatedChargePointOptions
                {
                    ChargePointId = id,
                    CentralSystem = new Uri(host.OcppUri.ToString().TrimEnd('/')),
                    AuthorizationKey = $"demo-key-{id}",
                    AllowedChargingRateUnits = "Power",
                });
                site._chargePoints.Add(cp);
                await cp.ConnectAsync();
                await cp.BootAsync();
                await cp.StartTransactionAsync(1, $"TAG-{id}", new FixedLimitCar(22_080));
            }

            site._physics = Task.Run(site.RunPhysicsAsync);
            return site;
        }

        public double OfferedW() => _chargePoints.Sum(cp => cp.Connectors.Sum(c => c.OfferedW));

        /// <summary>Waits for the plan that discharges the battery for the cars, at the simulator and the chargers.</summary>
        public async Task WaitUntilDischargingAsync()
        {
            await Poll.UntilAsync(
                () => Host.Get<PlanBoard>().Get("cabinet")?.Plan.Batteries?.SingleOrDefault()?.SetpointW <= -5_000,
                "the plan discharges the battery for the cars", seconds: 60);
            await Poll.UntilAsync(() => Battery.BatteryPowerW <= -5_000, "the setpoint reaches the battery over Modbus", seconds: 30);
            await Poll.UntilAsync(() => OfferedW() >= CabinetLimitW + 5_000, "the cars get more than the cabinet's own 22 kW", seconds: 30);

            // Within the limit with the battery counted: the cars' plan never exceeds the cabinet plus the discharge.
            var inForce = Host.Get<PlanBoard>().Get("cabinet")!;
            var discharge = -inForce.Plan.Batteries!.Single().SetpointW;
            inForce.Plan.Sessions.Sum(s => s.SetpointW).Should().BeLessThanOrEqualTo(CabinetLimitW + discharge);
            discharge.Should().BeLessThanOrEqualTo(10_000);
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await _physics;
            foreach (var cp in _chargePoints)
            {
                await cp.DisposeAsync();
            }

            await Host.DisposeAsync();
            await Battery.DisposeAsync();
            _stop.Dispose();
        }

        // Every 100 ms the chargers follow their profiles and the battery's energy is sampled; every 500 ms the
        // chargers report their power (MeterValues), as a short sample interval would.
        private async Task RunPhysicsAsync()
        {
            var tick = 0;
            while (!_stop.IsCancellationRequested)
            {
                var now = DateTimeOffset.UtcNow;
                _chargePoints.ForEach(cp => cp.Advance(now));
                var stored = Battery.BatteryStoredWh;
                if (stored < _lowestStoredWh)
                {
                    Volatile.Write(ref _lowestStoredWh, stored);
                }

                if (tick++ % 5 == 0)
                {
                    foreach (var cp in _chargePoints)
                    {
                        await cp.SampleMeterValuesAsync();
                    }
                }

                try
                {
                    await Task.Delay(100, _stop.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }
}
