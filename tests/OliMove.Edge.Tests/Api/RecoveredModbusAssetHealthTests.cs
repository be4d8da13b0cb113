using System.Net.Http.Json;
using System.Text.Json;
using OliMove.Edge.Api;
using OliMove.Edge.Configuration;
using OliMove.Edge.Testing;
using OliMove.Tools.PvSimulator;

namespace OliMove.Edge.Tests.Api;

/// <summary>
/// What an operator reads about Modbus assets that failed and recovered (decision 0396): the real service, a hybrid
/// inverter (PV and battery in one SunSpec device) and a SunSpec meter over real Modbus TCP, both hung and then
/// answering again. While they fail, /api/v1/health and /api/v1/groups name the cause, also during the back-off; once
/// they read well again they show "ok" with no problem left from the failure.
/// </summary>
public sealed class RecoveredModbusAssetHealthTests
{
    private const string ViewerToken = "recovery-test-viewer-token";

    private static string SiteMap(int devicePort, int meterPort) => $$"""
        site:
          id: modbus-recovery
        gridConnection:
          limitW: 100000
        circuits:
          - id: cabinet
            limitA: 63
        chargePoints:
          - chargePointId: MR-CP-1
            circuit: cabinet
            chargingRateUnit: W
            connectors:
              - { connectorId: 1, evseId: "DE*OLI*E9301*1", connectionType: Type2, ratedPowerW: 22080, phases: 3 }
        otherLoads:
          - { id: workshop, circuit: cabinet, meteredWorstCaseW: 20000 }
        pvInverters:
          - { id: roof, circuit: cabinet, ratedPowerW: 10000, modbus: { host: 127.0.0.1, port: {{devicePort}}, unitId: 1 } }
        batteries:
          - { id: cabinet-battery, circuit: cabinet, capacityWh: 22000, usableEnergyWh: 20000, reserveWh: 2000, modbus: { host: 127.0.0.1, port: {{devicePort}}, unitId: 1 } }
        meters:
          - { id: cabinet-meter, circuit: cabinet, modbus: { host: 127.0.0.1, port: {{meterPort}}, unitId: 1 } }
        """;

    [Fact]
    public async Task A_battery_meter_and_PV_inverter_that_answer_again_show_ok_without_the_failures_text()
    {
        await using var device = new SunSpecInverterSimulator(
            new SimulatorOptions { BatteryCapacityWh = 20_000, BatteryInitialSocPercent = 60 }, TimeProvider.System, _ => 3_000);
        await using var meter = new SunSpecInverterSimulator(new SimulatorOptions { MeterModelId = 203 }, TimeProvider.System, _ => 0);
        meter.SetMeterPhasePowers(1_000, 1_000, 1_000);
        var devicePort = device.Start();
        var meterPort = meter.Start();
        await using var host = await EdgeTestHost.StartAsync(
            siteMapYaml: SiteMap(devicePort, meterPort),
            configure: o => o.Api.Tokens = [new ApiTokenOptions { Name = "viewer", Role = "viewer", Sha256 = ApiTokenHash.Sha256Hex(ViewerToken) }]);
        using var http = new HttpClient { BaseAddress = host.BaseUri };
        http.DefaultRequestHeaders.Authorization = new("Bearer", ViewerToken);

        await UntilAsync(http, AllOk, "the battery, the meter and the PV inverter are read");

        // Both devices hang: requests get no reply, the clients time out and then back off (decision 0050).
        device.Hang = true;
        meter.Hang = true;
        var failing = await UntilAsync(
            http,
            s => s.Battery.Status == "failing" && s.Battery.Problem?.Contains("backing off") == true
                && s.Meter.Status == "failing" && s.Meter.Problem?.Contains("backing off") == true
                && s.Pv.Status == "Failed",
            "the battery and the meter fail into their back-off, the PV inverter fails");
        failing.Battery.Problem.Should().Contain("no complete reply within", "the back-off text keeps the failure that started it");
        failing.Meter.Problem.Should().Contain("no complete reply within");
        failing.Battery.ProblemAt.Should().NotBeNull();
        failing.GroupBatteryProblem.Should().Be(failing.Battery.Problem, "the group endpoint shows the same problem as health");
        failing.Pv.Reason.Should().NotBeNull();

        device.Hang = false;
        meter.Hang = false;
        var recovered = await UntilAsync(http, AllOk, "the battery, the meter and the PV inverter answer again");

        recovered.Battery.Problem.Should().BeNull("a battery that reads well again has no problem left from its failure");
        recovered.Battery.ProblemAt.Should().BeNull();
        recovered.GroupBatteryProblem.Should().BeNull("the cockpit's battery panel shows the group endpoint's problem");
        recovered.Meter.Problem.Should().BeNull("a meter that reads well again has no problem left from its failure");
        recovered.Meter.ProblemAt.Should().BeNull();
        recovered.Pv.Reason.Should().BeNull("an inverter's good reading carries no reason");
        recovered.Alerts.Should().NotContain(a => a.Contains("cabinet-battery") || a.Contains("cabinet-meter"));
        host.ErrorLog.Errors.Should().BeEmpty();
    }

    private static bool AllOk(Shown s) => s.Battery.Status == "ok" && s.Meter.Status == "ok" && s.Pv.Status == "Ok";

    /// <summary>Reads health and the group until one pair of answers shows the state; that pair is what the test then judges.</summary>
    private static async Task<Shown> UntilAsync(HttpClient http, Func<Shown, bool> condition, string because, int seconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        Shown? last = null;
        while (DateTime.UtcNow < deadline)
        {
            last = await ReadAsync(http);
            if (condition(last))
            {
                return last;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"timed out waiting until {because}; last seen: {last}");
    }

    private static async Task<Shown> ReadAsync(HttpClient http)
    {
        var health = await http.GetFromJsonAsync<JsonElement>("/api/v1/health");
        var group = await http.GetFromJsonAsync<JsonElement>("/api/v1/groups/cabinet");
        var battery = health.GetProperty("batteries").EnumerateArray().Single(b => b.GetProperty("batteryId").GetString() == "cabinet-battery");
        var meter = health.GetProperty("meters").EnumerateArray().SingleOrDefault(m => m.GetProperty("meterId").GetString() == "cabinet-meter");
        var pv = group.GetProperty("pvInverters").EnumerateArray().Single(p => p.GetProperty("id").GetString() == "roof");
        var groupBattery = group.GetProperty("batteries").EnumerateArray().Single(b => b.GetProperty("id").GetString() == "cabinet-battery");
        return new Shown(
            AssetOf(battery),
            meter.ValueKind == JsonValueKind.Undefined ? new Asset("not yet polled", null, null) : AssetOf(meter),
            new PvShown(pv.GetProperty("status").GetString()!, Text(pv, "reason")),
            Text(groupBattery, "problem"),
            [.. health.GetProperty("alerts").EnumerateArray().Select(a => a.GetString()!)]);
    }

    private static Asset AssetOf(JsonElement e) => new(e.GetProperty("status").GetString()!, Text(e, "problem"), Text(e, "problemAt"));

    private static string? Text(JsonElement e, string name) => e.GetProperty(name).ValueKind == JsonValueKind.Null ? null : e.GetProperty(name).GetString();

    private sealed record Asset(string Status, string? Problem, string? ProblemAt);

    private sealed record PvShown(string Status, string? Reason);

    private sealed record Shown(Asset Battery, Asset Meter, PvShown Pv, string? GroupBatteryProblem, IReadOnlyList<string> Alerts)
    {
        public override string ToString() =>
            $"battery {Battery}, meter {Meter}, PV {Pv}, group battery problem {GroupBatteryProblem}, alerts [{string.Join("; ", Alerts)}]";
    }
}
