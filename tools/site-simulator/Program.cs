using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using OliMove.SiteMap;
using OliMove.Tools.PvSimulator;
using OliMove.Tools.SiteSimulator;

// site-simulator: the demo site's charge points (Caltech sessions) and PV inverter (JPL year) against a running controller.
var arguments = args.ToList();
if (arguments.Contains("--help") || arguments.Contains("-h"))
{
    Console.WriteLine("""
        usage: site-simulator [--edge http://127.0.0.1:8080] [--site site-maps/demo.yaml]
                              [--sessions data/acn-caltech/caltech_2019-03_sessions.csv] [--pv-data data/acn-caltech/pv_jpl_220kWdc_year.csv]
                              [--source-day 2019-03-05] [--clock-speed 900] [--clock-start ISO] [--free-cp OLI-DEMO-10]
                              [--opt-in-share 0.5] [--seed 1] [--energy-scale 3] [--no-pv] [--pv-port N]

        Replays one day of Caltech sessions on the site map's charge points (one SimulatedChargePoint each, over
        WebSockets to <edge>/ocpp/<id>, keys demo-key-<id>; the --free-cp one is left unconnected for the user's own
        client) and serves the site map's PV inverter (SunSpec on its Modbus endpoint), all on an accelerated clock.
        Without --clock-start the clock is taken from the controller's /api/v1/health, so both agree; --clock-speed
        must equal the controller's. --energy-scale multiplies the sessions' energies (the garage's EVs were limited
        to 6.6 kW; on 11-50 kW connectors they would fill in minutes).
        """);
    return 0;
}

try
{
    var root = FindRepoRoot();
    var edge = new Uri((Option("--edge") ?? "http://127.0.0.1:8080").TrimEnd('/') + "/");
    var sitePath = Option("--site") ?? Path.Combine(root, "site-maps", "demo.yaml");
    var speed = double.Parse(Option("--clock-speed") ?? "900", CultureInfo.InvariantCulture);
    var siteOffset = TimeSpan.FromHours(-8);
    using var http = new HttpClient { BaseAddress = edge, Timeout = TimeSpan.FromSeconds(10) };

    ControllerClockReading? controllerClock = Option("--clock-start") is null ? await ControllerClockAsync(http) : null;
    // Computed right before the clock starts: any time spent in between would make it lag by that time × speed.
    var start = controllerClock?.ControllerNow(speed, TimeProvider.System)
        ?? DateTimeOffset.Parse(Option("--clock-start")!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
    var clock = new OliMove.Edge.Hosting.AcceleratedTimeProvider(start, speed);
    if (controllerClock is not null)
    {
        Console.WriteLine($"site-simulator: clock taken from the controller's, within {controllerClock.Uncertainty(speed).TotalSeconds:0.#} s " +
            $"(shortest of {ControllerClock.Readings} round trips: {controllerClock.RoundTrip.TotalMilliseconds:0.#} ms real)");
    }

    var site = await SiteMapLoader.LoadFileAsync(sitePath);
    if (!site.IsValid)
    {
        Console.Error.Write(SiteTreeReport.Render(site));
        return 2;
    }

    var map = site.Map!;
    var sessions = CaltechSessionCsv.Load(Option("--sessions") ?? Path.Combine(root, "data", "acn-caltech", "caltech_2019-03_sessions.csv"));
    var sourceDay = DateOnly.ParseExact(Option("--source-day") ?? "2019-03-05", "yyyy-MM-dd", CultureInfo.InvariantCulture);
    var simulatedDay = DateOnly.FromDateTime(start.ToOffset(siteOffset).DateTime);
    var freeCp = Option("--free-cp") ?? map.ChargePoints[^1].ChargePointId;
    var optInShare = double.Parse(Option("--opt-in-share") ?? "0.5", CultureInfo.InvariantCulture);
    if (map.ChargePoints.All(cp => cp.ChargePointId != freeCp))
    {
        throw new ArgumentException($"--free-cp: charge point '{freeCp}' is not in the site map");
    }

    // The free charge point is the user's own: not even connected here, since a second connection with its id
    // replaces the first, and the simulator would take it back from the user's OCPP client at every step.
    var simulatedMap = map with { ChargePoints = [.. map.ChargePoints.Where(cp => cp.ChargePointId != freeCp)] };
    var scenario = SiteScenario.Build(sessions, ScenarioConnector.FromSiteMap(simulatedMap), sourceDay, simulatedDay, siteOffset, null, optInShare,
        int.Parse(Option("--seed") ?? "1", CultureInfo.InvariantCulture), double.Parse(Option("--energy-scale") ?? "3", CultureInfo.InvariantCulture));
    Console.WriteLine($"site-simulator: {scenario.Visits.Count} sessions of {sourceDay:yyyy-MM-dd} on {map.ChargePoints.Count - 1} charge points " +
        $"({scenario.TurnedAway.Count} turned away, {freeCp} left free for you), simulated day {simulatedDay:yyyy-MM-dd} (UTC-8), clock x{speed} from {start:O}");

    var optedIn = scenario.Visits.Count(v => v.OptsIn);
    bool userApi;
    using (var me = await http.GetAsync("api/v1/me"))
    {
        userApi = me.StatusCode != HttpStatusCode.NotFound;
        Console.WriteLine(userApi
            ? $"site-simulator: {optedIn} opted-in drivers sign up and ask for their energy by their departure in the app's API before plugging in"
            : $"site-simulator: the controller has no user API (/api/v1/me): the {optedIn} opted-in sessions run as non-participants");
    }

    await using var pv = Arguments("--no-pv") || map.PvInverters.Count == 0
        ? null
        : SitePvSimulator.Create(map.PvInverters[0], PvYearProfile.Load(Option("--pv-data") ?? Path.Combine(root, "data", "acn-caltech", "pv_jpl_220kWdc_year.csv")), clock,
            Option("--pv-port") is { } p ? int.Parse(p, CultureInfo.InvariantCulture) : null,
            map.Batteries);
    if (pv is not null)
    {
        var port = pv.Start();
        Console.WriteLine($"site-simulator: PV inverter {map.PvInverters[0].Id} (SunSpec) on {map.PvInverters[0].Modbus.Host}:{port} unit {map.PvInverters[0].Modbus.UnitId}");
        if (SitePvSimulator.HybridBattery(map.PvInverters[0], map.Batteries) is { } battery)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"site-simulator: battery {battery.Id} (SunSpec 124 and 802) in the same device, {battery.UsableEnergyWh / 1000:0.#} kWh usable, starting at {SitePvSimulator.BatteryInitialSocPercent:0} %"));
        }
    }

    var options = new SiteScenarioDriverOptions
    {
        CentralSystem = new Uri($"{(edge.Scheme == "https" ? "wss" : "ws")}://{edge.Authority}/ocpp"),
        NominalVoltageV = map.NominalVoltageV,
        CallTimeout = TimeSpan.FromSeconds(10 * speed),
        BeforeOptedInPlugIn = userApi ? new ChargingRequestClient(http).RequestAsync : null,
    };
    await using var driver = new SiteScenarioDriver(simulatedMap, scenario, options, clock, NullLoggerFactory.Instance);
    using var stop = new CancellationTokenSource();
    Console.CancelKeyPress += (_, e) =>
    {
        e.Cancel = true;
        stop.Cancel();
    };
    AppDomain.CurrentDomain.ProcessExit += (_, _) => stop.Cancel();

    await driver.ConnectAllAsync(stop.Token);
    var nextReport = DateTimeOffset.MinValue;
    driver.Sampled += sample =>
    {
        if (sample.Time < nextReport)
        {
            return;
        }

        nextReport = sample.Time + TimeSpan.FromMinutes(15);
        var plugged = sample.Connectors.Count(c => c.Visit is not null);
        var drawKw = sample.Connectors.Sum(c => c.DrawW) / 1000;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{sample.Time.ToOffset(siteOffset):yyyy-MM-dd HH:mm} site  {plugged,2} cars  {drawKw,6:0.0} kW  PV {(pv?.CurrentPowerW ?? 0) / 1000,5:0.0} kW{BatteryText()}  offline {sample.OfflineChargePoints.Count}"));
    };
    await driver.RunAsync(DateTimeOffset.MaxValue, stop.Token);

    // The simulated battery's state for the summary line; positive power charges.
    string BatteryText() => pv?.Options.BatteryCapacityWh is { } capacity
        ? string.Create(CultureInfo.InvariantCulture, $"  battery {100 * pv.BatteryStoredWh / capacity,3:0} % {pv.BatteryPowerW / 1000,5:+0.0;-0.0;0.0} kW")
        : "";
    return 0;
}
catch (Exception ex) when (ex is FormatException or ArgumentException or IOException or OverflowException or HttpRequestException or JsonException or System.Net.Sockets.SocketException)
{
    Console.Error.WriteLine($"site-simulator: {ex.Message}");
    return 2;
}

async Task<ControllerClockReading> ControllerClockAsync(HttpClient http)
{
    // Wait for the controller; then take its clock, so plug-in times, card claims and its slots agree.
    for (var attempt = 0; ; attempt++)
    {
        try
        {
            return await ControllerClock.ReadBestAsync(
                async ct => (await http.GetFromJsonAsync<JsonElement>("api/v1/health", ct)).GetProperty("time").GetDateTimeOffset(),
                TimeProvider.System, ControllerClock.Readings, CancellationToken.None);
        }
        catch (HttpRequestException) when (attempt < 60)
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
        }
    }
}

bool Arguments(string flag) => arguments.Contains(flag);

string? Option(string name)
{
    var i = arguments.IndexOf(name);
    return i >= 0 && i + 1 < arguments.Count ? arguments[i + 1] : null;
}

static string FindRepoRoot()
{
    var dir = new DirectoryInfo(AppContext.BaseDirectory);
    while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "OliMove.Edge.sln")))
    {
        dir = dir.Parent;
    }

    return dir?.FullName ?? Directory.GetCurrentDirectory();
}
