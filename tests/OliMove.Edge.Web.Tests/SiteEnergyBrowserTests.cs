using System.Net.Http.Json;
using Microsoft.Playwright;
using OliMove.Edge.Api;
using OliMove.Edge.Batteries;
using OliMove.Edge.Metering;
using OliMove.Edge.Testing;
using OliMove.SiteMap;
using OliMove.Storage;
using OliMove.Tools.CpSimulator;
using OliMove.Tools.PvSimulator;
using static Microsoft.Playwright.Assertions;

namespace OliMove.Edge.WebTests;

/// <summary>
/// The cockpit's other-load and battery panels in a real browser, against the real service reading a SunSpec meter and
/// a SunSpec battery over real Modbus TCP (the pv-simulator): the panels show what the devices measure, not only that
/// the API has the fields.
/// </summary>
[Collection(BrowserCollection.Name)]
public class SiteEnergyBrowserTests(BrowserFixture browser)
{
    // 32 A per phase at 230 V: the garage carries 22,080 W, of which the workshop's declared worst case takes 11,000 W.
    private const long WorkshopWorstCaseW = 11_000;
    private const double BatteryUsableWh = 20_000;
    private const double BatteryReserveWh = 10_000;

    [Fact]
    public async Task The_other_load_panel_shows_the_measured_building_and_the_forecast_envelope_and_the_static_reservation_when_the_meter_fails()
    {
        await using var meter = new SunSpecInverterSimulator(new SimulatorOptions { MeterModelId = 203 }, TimeProvider.System, _ => 0);
        var port = meter.Start();
        meter.SetMeterPhasePowers(2_000, 1_500, 1_000);
        var directory = Path.Combine(Path.GetTempPath(), "olimove-test-" + Guid.NewGuid().ToString("N"));
        await SeedHistoryAsync(directory, OtherLoadHistory.Floor(DateTimeOffset.UtcNow));
        await using var host = await StartHostAsync(SiteMap(meterPort: port, batteryPort: null), directory);
        await Poll.UntilAsync(() => host.Get<MeterReadings>().Health().SingleOrDefault()?.Status == "ok", "the meter is read over Modbus", seconds: 30);

        // The operator's re-plan (as the cockpit's button does) makes the next plan use the meter and its history.
        using (var http = Http(host, OperatorToken))
        {
            (await http.PostAsync("api/v1/groups/garage/replan", null)).EnsureSuccessStatusCode();
        }

        await Poll.UntilAsync(() => host.Get<OtherLoadForecastSource>().Latest("garage") is not null, "a plan used the meter's forecast", seconds: 30);
        await using var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        var page = await OpenCockpitAsync(context, host);

        // Measured now: 4.5 kW on the meter and no charger below it. Forecast from two weeks of quarters with 3 kW means
        // and 6 kW peaks: envelope 6 kW + 10 % + 1 kW = 7.6 kW for guarantees, median 3.0 kW for best effort.
        var card = page.Locator("[data-testid=other-load][data-circuit=garage]");
        await Expect(card.Locator(".now")).ToHaveTextAsync("measured now 4.5 kW · meter garage-meter ok", new() { Timeout = 30_000 });
        await Expect(card.Locator(".forecast")).ToContainTextAsync("next hour: envelope up to 7.6 kW (guarantees), median 3.0 kW (best effort)");
        await Expect(card.Locator("svg.spark")).ToHaveAttributeAsync("aria-label", new System.Text.RegularExpressions.Regex("envelope up to 7\\.6 kW, static reservation 11\\.0 kW$"));
        await Expect(card.Locator("svg.spark polyline.envelope")).ToHaveCountAsync(1);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, "cockpit-other-load.png"), FullPage = true });

        // The building steps up: the panel follows the meter (the rise also re-plans the group at once, decision 0239).
        meter.SetMeterPhasePowers(3_000, 3_000, 3_000);
        await Expect(card.Locator(".now")).ToHaveTextAsync("measured now 9.0 kW · meter garage-meter ok", new() { Timeout = 30_000 });

        // The meter stops answering: the card says so and that every slot keeps the declared worst case.
        meter.Hang = true;
        await Expect(card.Locator(".now")).ToHaveTextAsync(
            new System.Text.RegularExpressions.Regex("^meter garage-meter (failing|stale): every slot keeps the static 11\\.0 kW$"), new() { Timeout = 60_000 });
        await Expect(card.Locator(".forecast")).ToHaveTextAsync("no forecast in use");
        await Expect(card).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("\\bstatic\\b"));
    }

    [Fact]
    public async Task A_meter_on_the_workshop_alone_gives_the_garage_its_other_load_and_the_panel_says_so()
    {
        await using var meter = new SunSpecInverterSimulator(new SimulatorOptions { MeterModelId = 201 }, TimeProvider.System, _ => 0);
        var port = meter.Start();
        meter.SetMeterPhasePowers(2_500);
        await using var host = await StartHostAsync(SiteMap(meterPort: port, batteryPort: null, meterOn: "otherLoad: workshop"));
        await Poll.UntilAsync(() => host.Get<MeterReadings>().Health().SingleOrDefault()?.Status == "ok", "the load's meter is read over Modbus", seconds: 30);
        using (var http = Http(host, OperatorToken))
        {
            (await http.PostAsync("api/v1/groups/garage/replan", null)).EnsureSuccessStatusCode();
            await Poll.UntilAsync(() => host.Get<OtherLoadForecastSource>().Latest("garage")?.MeasuredW == 2_500,
                "a plan of the garage used the workshop's own reading instead of its 11 kW worst case", seconds: 30);
            var shown = (await http.GetFromJsonAsync<System.Text.Json.JsonElement>("api/v1/groups/garage/other-load")).GetProperty("circuits")[0];
            shown.GetProperty("measuredBy").GetString().Should().Be("load");
            shown.GetProperty("meterId").GetString().Should().Be("workshop-meter");
        }

        await using var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        var page = await OpenCockpitAsync(context, host);
        var card = page.Locator("[data-testid=other-load][data-circuit=garage]");
        await Expect(card.Locator(".now")).ToHaveTextAsync(
            "measured now 2.5 kW (metered loads, the rest at their worst case) · meter workshop-meter ok", new() { Timeout = 30_000 });
    }

    [Fact]
    public async Task The_battery_panel_shows_the_batterys_state_of_charge_and_its_discharge_for_a_car_and_idles_at_its_reserve()
    {
        // 80 % of 20 kWh: 6 kWh above the 10 kWh reserve, at most 10 kW.
        await using var battery = new SunSpecInverterSimulator(
            new SimulatorOptions { BatteryCapacityWh = BatteryUsableWh, BatteryMaxPowerW = 10_000, BatteryInitialSocPercent = 80 },
            TimeProvider.System,
            _ => 0);
        var port = battery.Start();
        await using var host = await StartHostAsync(SiteMap(meterPort: null, batteryPort: port));
        await using var car = new SimulatedChargePoint(new SimulatedChargePointOptions
        {
            ChargePointId = "SE-CP-1",
            CentralSystem = new Uri(host.OcppUri.ToString().TrimEnd('/')),
            AuthorizationKey = "demo-key-SE-CP-1",
            AllowedChargingRateUnits = "Power",
            CallTimeout = TimeSpan.FromSeconds(10),
        });
        await car.ConnectAsync();
        await car.BootAsync();
        await car.StartTransactionAsync(1, "TAG-BATTERY", new FixedLimitCar(22_080));

        // The garage leaves the car 11,080 W of its own: the plan discharges the battery at its full 10 kW for it.
        await Poll.UntilAsync(() => battery.BatteryPowerW <= -9_000, "the discharge setpoint reaches the battery over Modbus", seconds: 60);
        await using var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        var page = await OpenCockpitAsync(context, host);

        var row = page.Locator("[data-testid=battery][data-battery=garage-battery]");
        await Expect(row).ToContainTextAsync(new System.Text.RegularExpressions.Regex("(80|79) % · 1[56]\\.\\d of 20\\.0 kWh \\(reserve 10\\.0\\)"), new() { Timeout = 30_000 });
        await Expect(row).ToContainTextAsync(new System.Text.RegularExpressions.Regex("· discharging (9\\.\\d|10\\.0) kW · plan discharging (9\\.\\d|10\\.0) kW ·"));
        await Expect(row.Locator("[role=img]")).ToHaveAttributeAsync("aria-label", new System.Text.RegularExpressions.Regex("^state of charge (80|79) %, reserve 50 %$"));
        await Expect(row).ToContainTextAsync("ok");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, "cockpit-battery.png"), FullPage = true });

        // Something else drained the battery to 5 Wh above its reserve: it stops there, and the panel shows it without
        // any charger changing (the panel asks for the groups itself).
        battery.SetBatteryStoredWh(BatteryReserveWh + 5);
        await Poll.UntilAsync(() => battery.BatteryPowerW == 0, "the battery stops at its reserve", seconds: 30);
        await Expect(row).ToContainTextAsync("50 % · 10.0 of 20.0 kWh (reserve 10.0)", new() { Timeout = 30_000 });
        await Expect(row).ToContainTextAsync("· idle · plan idle ·");
        await Expect(row.Locator("[role=img]")).ToHaveAttributeAsync("aria-label", "state of charge 50 %, reserve 50 %");
        host.Get<BatteryLiveState>().Health().Single().PowerW.Should().Be(0);
    }

    private const string ViewerToken = WebTestSite.ViewerToken;
    private const string OperatorToken = WebTestSite.OperatorToken;

    private static string SiteMap(int? meterPort, int? batteryPort, string meterOn = "circuit: garage") => $"""
        site:
          id: energy
          name: Site energy test
        gridConnection:
          limitW: 100000
        circuits:
          - id: garage
            limitA: 32
        chargePoints:
          - chargePointId: SE-CP-1
            circuit: garage
            chargingRateUnit: W
            authorizationKeyHash: "{AuthorizationKeyHash.Create("demo-key-SE-CP-1")}"
            connectors:
              - connectorId: 1
                evseId: "DE*OLI*E9301*1"
                connectionType: Type2
                ratedPowerW: 22080
                phases: 3
        otherLoads:
          - id: workshop
            circuit: garage
            meteredWorstCaseW: {WorkshopWorstCaseW}
        """
        + (meterPort is { } m ? $"""

        meters:
          - id: {(meterOn.StartsWith("circuit", StringComparison.Ordinal) ? "garage-meter" : "workshop-meter")}
            {meterOn}
            modbus:
              host: 127.0.0.1
              port: {m}
              unitId: 1
        """ : "")
        + (batteryPort is { } b ? $"""

        batteries:
          - id: garage-battery
            circuit: garage
            capacityWh: 22000
            usableEnergyWh: {BatteryUsableWh}
            reserveWh: {BatteryReserveWh}
            modbus:
              host: 127.0.0.1
              port: {b}
              unitId: 1
        """ : "");

    private static Task<EdgeTestHost> StartHostAsync(string siteMap, string? directory = null) =>
        EdgeTestHost.StartAsync(siteMapYaml: siteMap, directory: directory, configure: o => o.Api.Tokens =
        [
            new Configuration.ApiTokenOptions { Name = "wall screen", Role = "viewer", Sha256 = ApiTokenHash.Sha256Hex(ViewerToken) },
            new Configuration.ApiTokenOptions { Name = "site operator", Role = "operator", Sha256 = ApiTokenHash.Sha256Hex(OperatorToken) },
        ]);

    private static HttpClient Http(EdgeTestHost host, string token)
    {
        var http = new HttpClient { BaseAddress = host.BaseUri, Timeout = TimeSpan.FromSeconds(20) };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    private static async Task<IPage> OpenCockpitAsync(IBrowserContext context, EdgeTestHost host)
    {
        var page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(host.BaseUri, "cockpit").ToString());
        await page.FillAsync("#token-input", ViewerToken);
        await page.ClickAsync("#token-form button");
        return page;
    }

    /// <summary>Two weeks of the garage's quarters, as a running site would have stored them: 3 kW on average, peaks of 6 kW.</summary>
    private static async Task SeedHistoryAsync(string directory, DateTimeOffset before)
    {
        Directory.CreateDirectory(directory);
        await using var db = await EdgeDatabase.OpenAsync(Path.Combine(directory, "edge.db"));
        await new OtherLoadQuarterRepository(db).SaveAsync([.. Enumerable.Range(1, 14 * 96).Select(k =>
            new OtherLoadQuarterReading("garage", before.AddMinutes(-15 * k), 3_000, 6_000, 1_000, 2_000, 900))]);
    }
}
