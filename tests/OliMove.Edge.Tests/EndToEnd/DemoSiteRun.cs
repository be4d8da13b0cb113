using OliMove.Edge.Configuration;
using OliMove.Edge.Testing;
using OliMove.SiteMap;
using OliMove.SiteMap.Model;
using OliMove.Tools.PvSimulator;
using OliMove.Tools.SiteSimulator;

namespace OliMove.Edge.Tests.EndToEnd;

/// <summary>
/// The demo site end to end: the real service (EdgeTestHost) on site-maps/demo.yaml, the Caltech day on its
/// charge points over real WebSockets, and its PV inverter as a SunSpec simulator, all on one accelerated
/// clock. The controller listens on a fixed port so that it can be stopped and restarted under the chargers.
/// </summary>
public sealed class DemoSiteRun : IAsyncDisposable
{
    public const string FreeChargePoint = "OLI-DEMO-10";
    public static readonly TimeSpan SiteOffset = TimeSpan.FromHours(-8);
    private static readonly DateOnly SourceDay = new(2019, 3, 5);

    /// <summary>Three times the Caltech energies, so that the morning peak makes cabinet A's connectors contend.</summary>
    private const double EnergyScale = 3;
    private readonly object _lock = new();
    private readonly List<(FleetSample Sample, double PvW)> _samples = [];
    private readonly int _port;

    private DemoSiteRun(TimeProvider clock, int port, SunSpecInverterSimulator pv, EdgeTestHost host, SiteMapDocument map, SiteScenario scenario, SiteScenarioDriver driver)
    {
        Clock = clock;
        _port = port;
        Pv = pv;
        Host = host;
        Map = map;
        Scenario = scenario;
        Driver = driver;
        Driver.Sampled += sample =>
        {
            // What the hybrid device feeds into its cabinet: the PV output, less what its battery charges (a discharge
            // adds to it), so the audit counts the battery's capacity as the plan does (decision 0379).
            var pvW = pv.CurrentPowerW - pv.BatteryPowerW;
            lock (_lock)
            {
                _samples.Add((sample, pvW));
            }
        };
    }

    public TimeProvider Clock { get; }

    public SunSpecInverterSimulator Pv { get; }

    public EdgeTestHost Host { get; private set; }

    public SiteMapDocument Map { get; }

    public SiteScenario Scenario { get; }

    public SiteScenarioDriver Driver { get; }

    public IReadOnlyList<(FleetSample Sample, double PvW)> Samples
    {
        get
        {
            lock (_lock)
            {
                return [.. _samples];
            }
        }
    }

    public static async Task<DemoSiteRun> StartAsync(TimeProvider clock, double speed, DateOnly simulatedDay)
    {
        var root = EdgeTestHost.RepoRoot();
        var yaml = await File.ReadAllTextAsync(Path.Combine(root, "site-maps", "demo.yaml"));
        var demo = (await SiteMapLoader.LoadFileAsync(Path.Combine(root, "site-maps", "demo.yaml"))).Map!;
        var year = PvYearProfile.Load(Path.Combine(root, "data", "acn-caltech", "pv_jpl_220kWdc_year.csv"));
        var pv = SitePvSimulator.Create(demo.PvInverters.Single(), year, clock, portOverride: 0, demo.Batteries);
        var pvPort = pv.Start();
        // The demo map's inverter (and its hybrid battery) is on 127.0.0.1:1502; the test's is on a free port so runs never collide.
        yaml = yaml.Replace("port: 1502", $"port: {pvPort}", StringComparison.Ordinal);
        var port = FreePort();
        var host = await EdgeTestHost.StartAsync(clock, yaml, o => Configure(o, port));
        var map = (await SiteMapLoader.LoadFileAsync(host.Options.SiteMap)).Map!;
        var sessions = CaltechSessionCsv.Load(Path.Combine(root, "data", "acn-caltech", "caltech_2019-03_sessions.csv"));
        var scenario = SiteScenario.Build(sessions, ScenarioConnector.FromSiteMap(map), SourceDay, simulatedDay, SiteOffset, FreeChargePoint, optInShare: 0.5, seed: 1, energyScale: EnergyScale);
        var driver = new SiteScenarioDriver(map, scenario, new SiteScenarioDriverOptions
        {
            CentralSystem = new Uri(host.OcppUri.ToString().TrimEnd('/')),
            NominalVoltageV = map.NominalVoltageV,
            CallTimeout = TimeSpan.FromSeconds(10 * speed),
        }, clock);
        var run = new DemoSiteRun(clock, port, pv, host, map, scenario, driver);
        await driver.ConnectAllAsync();
        return run;
    }

    public Task RunUntilAsync(DateTimeOffset until, CancellationToken ct = default) => Driver.RunAsync(until, ct);

    /// <summary>
    /// Kills the controller; its SQLite file and site map stay for <see cref="RestartControllerAsync"/>. The
    /// chargers' sockets are reset first, as the kernel resets a killed process's sockets: a graceful stop
    /// with the chargers still connected waits for Kestrel's shutdown timeout (measured ~30 s real, i.e. 12
    /// simulated hours at 1,440x). Returns the real time the stop took.
    /// </summary>
    public async Task<TimeSpan> StopControllerAsync()
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        await Task.WhenAll(Driver.ChargePoints.Values.Select(cp => cp.DropConnectionAsync()));
        await Host.StopAsync();
        return started.Elapsed;
    }

    public async Task RestartControllerAsync() =>
        Host = await EdgeTestHost.StartAsync(Clock, null, o => Configure(o, _port), Host.Directory);

    public async ValueTask DisposeAsync()
    {
        await Driver.DisposeAsync();
        await Pv.DisposeAsync();
        await Host.DisposeAsync();
    }

    private static void Configure(EdgeOptions options, int port)
    {
        options.Urls = [$"http://127.0.0.1:{port}"];
        // Ten seconds of real time: the host scales transport timeouts by the clock's speed itself.
        options.Ocpp.CallTimeoutSeconds = 10;
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
