using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using OliMove.Edge.Configuration;
using OliMove.Edge.Dispatch;
using OliMove.Edge.Hosting;
using OliMove.Edge.Planning;
using OliMove.Ocpp.Messages;
using OliMove.SiteMap;
using OliMove.Tools.CpSimulator;
using Serilog;

// Dispatch benchmark (issue 5): time from a slot boundary to the last SetChargingProfile accepted, with every
// charger getting a new TxProfile (the worst case), for N simulated charge points over real WebSockets.
//   dotnet run -c Release --project tools/bench/dispatch -- 100 1000
var sizes = args.Length > 0 ? args.Select(a => int.Parse(a, CultureInfo.InvariantCulture)).ToArray() : [100, 1000];
foreach (var n in sizes)
{
    await RunAsync(n);
}

return 0;

static string SiteMap(int chargePoints, int perCabinet)
{
    var cabinets = (chargePoints + perCabinet - 1) / perCabinet;
    var yaml = new StringBuilder();
    yaml.AppendLine("site:\n  id: bench\ngridConnection:");
    yaml.AppendLine(CultureInfo.InvariantCulture, $"  limitW: {cabinets * 400_000}");
    yaml.AppendLine("circuits:");
    for (var c = 0; c < cabinets; c++)
    {
        yaml.AppendLine(CultureInfo.InvariantCulture, $"  - id: cab-{c:D3}\n    limitW: 400000");
    }

    yaml.AppendLine("chargePoints:");
    for (var i = 0; i < chargePoints; i++)
    {
        yaml.AppendLine(CultureInfo.InvariantCulture, $"""
              - chargePointId: BENCH-{i:D5}
                circuit: cab-{i / perCabinet:D3}
                chargingRateUnit: A
                connectors:
                  - connectorId: 1
                    evseId: "DE*OLI*E{i:D5}*1"
                    connectionType: Type2
                    ratedPowerW: 11000
                    phases: 3
            """);
    }

    return yaml.ToString();
}

static async Task RunAsync(int n)
{
    var dir = Path.Combine(Path.GetTempPath(), "olimove-bench-dispatch-" + Guid.NewGuid().ToString("N"));
    Directory.CreateDirectory(dir);
    var siteFile = Path.Combine(dir, "site.yaml");
    await File.WriteAllTextAsync(siteFile, SiteMap(n, 50));
    var options = new EdgeOptions { SiteMap = siteFile, Database = Path.Combine(dir, "edge.db"), Urls = ["http://127.0.0.1:0"], Logs = new LogOptions { Directory = Path.Combine(dir, "logs"), MinimumLevel = "Warning" } };
    options.Ocpp.SecurityProfile = 0;
    options.Ocpp.AcceptUnknownIdTags = true;
    var siteMap = await SiteMapLoader.LoadFileAsync(siteFile);
    var logger = new LoggerConfiguration().MinimumLevel.Error().WriteTo.Console().CreateLogger();
    await using var app = await EdgeApplication.BuildAsync(options, siteMap, TimeProvider.System, logger, CancellationToken.None);
    await app.StartAsync();
    var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
    var ocpp = new Uri(address.Replace("http", "ws", StringComparison.Ordinal) + "/ocpp");

    var fleet = Enumerable.Range(0, n).Select(i => new SimulatedChargePoint(new SimulatedChargePointOptions
    {
        ChargePointId = $"BENCH-{i:D5}",
        CentralSystem = ocpp,
        AllowedChargingRateUnits = "Current",
        CallTimeout = TimeSpan.FromSeconds(60),
    })).ToList();
    var setup = Stopwatch.StartNew();
    foreach (var batch in fleet.Chunk(50))
    {
        await Task.WhenAll(batch.Select(async cp =>
        {
            await cp.ConnectAsync();
            await cp.BootAsync();
            await cp.StartTransactionAsync(1, "BENCH", new FixedLimitCar(11_000));
        }));
    }

    // Let the event re-plans settle before measuring.
    await WaitUntilAsync(() => fleet.All(cp => cp.Profiles.Profiles.Any(p => p.Profile.ChargingProfilePurpose == ChargingProfilePurposeType.TxProfile)), TimeSpan.FromMinutes(5));
    Console.WriteLine($"{n} charge points connected, booted and charging in {setup.Elapsed.TotalSeconds:F1} s");

    var site = app.Services.GetRequiredService<SiteState>();
    var planner = app.Services.GetRequiredService<GroupPlanner>();
    var installed = app.Services.GetRequiredService<InstalledProfiles>();
    var samples = new List<double>();
    for (var run = 0; run < 3; run++)
    {
        foreach (var cp in fleet)
        {
            installed.ForgetTxProfiles(cp.ChargePointId);
        }

        var before = fleet.Sum(cp => cp.ReceivedActions.Count(a => a == "SetChargingProfile"));
        var clock = Stopwatch.StartNew();
        foreach (var group in site.Topology.Groups)
        {
            await planner.PlanAsync(group, "bench", atSlotBoundary: true, CancellationToken.None);
        }

        clock.Stop();
        var sent = fleet.Sum(cp => cp.ReceivedActions.Count(a => a == "SetChargingProfile")) - before;
        samples.Add(clock.Elapsed.TotalMilliseconds);
        Console.WriteLine($"  run {run + 1}: {site.Topology.Groups.Count} groups planned, {sent} SetChargingProfile accepted, last one {clock.Elapsed.TotalMilliseconds:F0} ms after the boundary");
    }

    Console.WriteLine($"{n} CPs: boundary → last profile accepted, median {samples.Order().ElementAt(samples.Count / 2):F0} ms");
    foreach (var cp in fleet)
    {
        await cp.DisposeAsync();
    }

    await app.StopAsync();
    Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    Directory.Delete(dir, recursive: true);
}

static async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout)
{
    var deadline = DateTime.UtcNow + timeout;
    while (!condition())
    {
        if (DateTime.UtcNow > deadline)
        {
            throw new TimeoutException("the fleet did not settle");
        }

        await Task.Delay(200);
    }
}
