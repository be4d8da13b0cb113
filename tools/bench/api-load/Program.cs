using System.Globalization;
using OliMove.Bench.ApiLoad;
using OliMove.Edge.Api;

// API and SSE under load (issue 12): the service as a child process (`olimove-edge run`) on a generated site whose
// charge points (tools/cp-simulator) charge over real OCPP WebSockets, and 200 HTTP clients against it.
//   api-load [--cabinets 5] [--per-cabinet 10] [--cockpit 50] [--driver-streams 50] [--viewer-pollers 50]
//            [--driver-pollers 50] [--seconds 60] [--baseline 20] [--meter-interval 5] [--think-ms 0]
//            [--probe-chargers 5] [--keep]
// Prints the results as Markdown (the tables of docs/bench/api-load.md); progress goes to stderr.
var options = new Dictionary<string, string>(StringComparer.Ordinal)
{
    ["--cabinets"] = "5",
    ["--per-cabinet"] = "10",
    ["--cockpit"] = "50",
    ["--driver-streams"] = "50",
    ["--viewer-pollers"] = "50",
    ["--driver-pollers"] = "50",
    ["--seconds"] = "60",
    ["--baseline"] = "20",
    ["--meter-interval"] = "5",
    ["--think-ms"] = "0",
    ["--probe-chargers"] = "5",
};
var keep = false;
for (var i = 0; i < args.Length; i++)
{
    if (args[i] == "--keep")
    {
        keep = true;
    }
    else if (options.ContainsKey(args[i]) && i + 1 < args.Length)
    {
        options[args[i]] = args[++i];
    }
    else
    {
        Console.Error.WriteLine($"api-load: unknown argument {args[i]} (see the comment at the top of Program.cs)");
        return 2;
    }
}

int Int(string key) => int.Parse(options[key], CultureInfo.InvariantCulture);
double Seconds(string key) => double.Parse(options[key], CultureInfo.InvariantCulture);

var directory = Path.Combine(Path.GetTempPath(), "olimove-api-load-" + Guid.NewGuid().ToString("N"));
Directory.CreateDirectory(directory);
var chargers = BenchSiteMap.Chargers(Int("--cabinets"), Int("--per-cabinet"));
await File.WriteAllTextAsync(Path.Combine(directory, "site.yaml"), BenchSiteMap.Yaml(Int("--cabinets"), Int("--per-cabinet")));
var masterKey = Path.Combine(directory, "wallet-master.key");
await File.WriteAllTextAsync(masterKey, ApiTokenHash.NewToken());
var viewer = ApiTokenHash.NewToken();
var environment = new Dictionary<string, string>(StringComparer.Ordinal)
{
    ["OLIMOVE_Logs__Directory"] = Path.Combine(directory, "logs"),
    ["OLIMOVE_Api__Tokens__0__Name"] = "load viewer",
    ["OLIMOVE_Api__Tokens__0__Role"] = "viewer",
    ["OLIMOVE_Api__Tokens__0__Sha256"] = ApiTokenHash.Sha256Hex(viewer),
    // The FREE-… idTags of chargers without a driver (none with the default plan) belong to nobody.
    ["OLIMOVE_Ocpp__AcceptUnknownIdTags"] = "true",
    ["OLIMOVE_Chain__WalletMasterKeyFile"] = masterKey,
    // Sign-up cost is not what this measures: a cheaper scrypt for the drivers' keystores (production: 262144).
    ["OLIMOVE_Chain__KeystoreScryptN"] = "4096",
};

var plan = new ApiLoadPlan
{
    CockpitStreams = Int("--cockpit"),
    DriverStreams = Int("--driver-streams"),
    ViewerPollers = Int("--viewer-pollers"),
    DriverPollers = Int("--driver-pollers"),
    LoadDuration = TimeSpan.FromSeconds(Seconds("--seconds")),
    IdleBaseline = TimeSpan.FromSeconds(Seconds("--baseline")),
    MeterInterval = TimeSpan.FromSeconds(Seconds("--meter-interval")),
    Think = TimeSpan.FromMilliseconds(Seconds("--think-ms")),
    ChargersPerProbe = Int("--probe-chargers"),
};

var started = DateTimeOffset.UtcNow;
var loadBefore = (await File.ReadAllTextAsync("/proc/loadavg")).Split(' ')[0];
ApiLoadReport report;
await using (var server = await EdgeServerProcess.StartAsync(directory, EdgeServerProcess.FreePort(), environment))
{
    Console.Error.WriteLine($"api-load: olimove-edge pid {server.Id} on {server.BaseUri}, files in {directory}");
    var run = new ApiLoadRun(new ApiLoadTarget(server.BaseUri, server.OcppUri, viewer, chargers), plan, server.Usage, line => Console.Error.WriteLine($"api-load: {line}"));
    report = await run.RunAsync(CancellationToken.None);
}

var loadAfter = (await File.ReadAllTextAsync("/proc/loadavg")).Split(' ')[0];
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"Run {started:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, load average {loadBefore} before / {loadAfter} after."));
Console.WriteLine();
Console.Write(report.ToMarkdown());
if (!keep)
{
    Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    Directory.Delete(directory, recursive: true);
}

return report.Polls.FailureCount + report.FollowUps.FailureCount + report.DroppedStreams.Count + report.UndeliveredProbes.Count + report.OcppFailureCount == 0 ? 0 : 1;
