using OliMove.Edge.Batteries;
using OliMove.Edge.Live;
using OliMove.Edge.Testing;
using OliMove.SiteMap;
using OliMove.Tools.CpSimulator;
using OliMove.Tools.PvSimulator;
using AcceleratedTimeProvider = OliMove.Edge.Hosting.AcceleratedTimeProvider;

namespace OliMove.Edge.Tests.Batteries;

/// <summary>
/// A battery with SunSpec storage model 124 but no model 802 (no power reading) over real Modbus TCP, beside a charger
/// over real OCPP (decision 0350). It says it discharges but does a fifth of its setpoint; the edge sees it in its state
/// of charge, reports it and plans with what it does. On an accelerated clock (the battery's energy moves on the same
/// clock), so the minutes its state of charge needs to show the difference pass in seconds.
/// </summary>
public sealed class BatteryWithoutPowerReadingEndToEndTests
{
    private const double Speed = 60;

    // 32 A per phase at 230 V = 22,080 W, of which a workshop's 11,000 W are reserved: the car needs the battery.
    private static string SiteMap(int batteryPort) => $"""
        site:
          id: battery-no-802
        gridConnection:
          limitW: 100000
        circuits:
          - id: cabinet
            limitA: 32
        chargePoints:
          - chargePointId: B8-CP-1
            circuit: cabinet
            chargingRateUnit: W
            authorizationKeyHash: "{AuthorizationKeyHash.Create("demo-key-B8-CP-1")}"
            connectors:
              - connectorId: 1
                evseId: "DE*OLI*E9401*1"
                connectionType: Type2
                ratedPowerW: 22080
                phases: 3
        otherLoads:
          - id: workshop
            circuit: cabinet
            reservedW: 11000
        batteries:
          - id: old-battery
            circuit: cabinet
            capacityWh: 22000
            usableEnergyWh: 20000
            reserveWh: 2000
            modbus:
              host: 127.0.0.1
              port: {batteryPort}
              unitId: 1
        """;

    [Fact]
    public async Task A_battery_without_a_power_reading_that_moves_its_state_of_charge_too_little_is_reported_and_planned_with_what_it_does()
    {
        var clock = new AcceleratedTimeProvider(DateTimeOffset.UtcNow, Speed);
        await using var battery = new SunSpecInverterSimulator(
            new SimulatorOptions { BatteryCapacityWh = 20_000, BatteryMaxPowerW = 10_000, BatteryInitialSocPercent = 80, BatteryBankModel = false },
            clock,
            _ => 0)
        {
            BatteryFollowFactor = 0.2,
        };
        var port = battery.Start();
        await using var host = await EdgeTestHost.StartAsync(clock, SiteMap(port));
        await using var car = new SimulatedChargePoint(
            new SimulatedChargePointOptions
            {
                ChargePointId = "B8-CP-1",
                CentralSystem = new Uri(host.OcppUri.ToString().TrimEnd('/')),
                AuthorizationKey = "demo-key-B8-CP-1",
                AllowedChargingRateUnits = "Power",
                CallTimeout = TimeSpan.FromMinutes(10),
            },
            clock);
        await car.ConnectAsync();
        await car.BootAsync();
        await car.StartTransactionAsync(1, "TAG-NO-802", new FixedLimitCar(22_080));

        var live = host.Get<BatteryLiveState>();
        await Poll.UntilAsync(() => host.Get<PlanBoard>().Get("cabinet")?.Plan.Batteries?.SingleOrDefault()?.SetpointW <= -9_000,
            "the plan discharges the battery for the car", seconds: 60);
        await Poll.UntilAsync(() => battery.BatteryPowerW is < -1_000 and > -3_000, "the battery says it discharges, and does a fifth of the 10 kW", seconds: 30);

        // 10 kW should move 20 kWh by 2 % in 144 s of clock time; it moves 0.4 %.
        await Poll.UntilAsync(() => live.Health().SingleOrDefault()?.Status == "not following", "its state of charge shows it does not follow", seconds: 60);
        var health = live.Health().Single();
        health.Problem.Should().MatchRegex("^asked for -\\d+ W, did about -\\d+ W by its state of charge and status; planned with what it does$");
        var did = -long.Parse(System.Text.RegularExpressions.Regex.Match(health.Problem!, "did about (-\\d+) W").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        did.Should().BeInRange(1_000, 3_000, "it did about 2 kW, seen through 0.1 % steps of its state of charge");

        // The next plan counts on what it does, not on the 10 kW it was asked (decision 0266).
        live.For(host.Get<OliMove.Edge.Hosting.SiteState>().Topology.Groups.Single())!.Single().MaxDischargeW.Should().BeLessThanOrEqualTo(did);
        await Poll.UntilAsync(() => host.Get<PlanBoard>().Get("cabinet")?.Plan.Batteries?.SingleOrDefault()?.SetpointW >= -did,
            "the group is re-planned with the discharge the battery does", seconds: 30);
    }
}
