using System.Globalization;
using OliMove.Tools.Soak;

// olimove-soak: the real service under N simulated charge points for D simulated days (issue 12).
//   olimove-soak [--charge-points 1000] [--days 7] [--speed 300] [--report FILE] [--per-cabinet 10]
//                [--seed 12] [--heartbeat 900] [--meter-interval 300] [--drops-per-day 0.1] [--work DIR] [--keep]
// Exit 0 when every check passes, 1 when one fails, 2 on bad arguments.
var arguments = args.ToList();
if (arguments.Contains("--help") || arguments.Contains("-h"))
{
    Console.WriteLine("""
        usage: olimove-soak [--charge-points 1000] [--days 7] [--speed 300] [--report FILE]
                            [--per-cabinet 10] [--cabinet-limit-w 44000] [--seed 12] [--heartbeat 900]
                            [--meter-interval 300] [--drops-per-day 0.1] [--memory-bound 0.2] [--work DIR] [--keep]

        Starts `olimove-edge run` as a child process on an accelerated clock (--speed simulated seconds per real
        second) with a generated site map (--per-cabinet charge points per cabinet, one charging group each) and a
        fresh SQLite file, connects the charge points over real WebSockets on the same clock and drives a week of
        workplace, overnight and retail sessions with meter values, heartbeats and dropped connections. Every
        simulated hour it samples the service's RSS, descriptors and TCP sockets (/proc), the charge points the
        API reports connected and the slot plans archived. The report (markdown, and CSV beside it) ends in a
        verdict; the exit code is 1 if memory grew beyond --memory-bound after the first day, descriptors or
        connections leaked, a slot of a group was missed, a transaction or meter sample was lost or doubled, or
        the service logged an error.
        """);
    return 0;
}

SoakOptions options;
string? reportFile;
try
{
    options = new SoakOptions
    {
        ChargePoints = Int("--charge-points") ?? 1_000,
        Days = Double("--days") ?? 7,
        Speed = Double("--speed") ?? 300,
        PerCabinet = Int("--per-cabinet") ?? 10,
        CabinetLimitW = Int("--cabinet-limit-w") ?? 44_000,
        Seed = Int("--seed") ?? 12,
        HeartbeatIntervalSeconds = Int("--heartbeat") ?? 900,
        MeterValueSampleIntervalSeconds = Int("--meter-interval") ?? 300,
        DropsPerChargePointPerDay = Double("--drops-per-day") ?? 0.1,
        MemoryGrowthBound = Double("--memory-bound") ?? 0.2,
        WorkDirectory = Option("--work"),
        KeepWorkDirectory = arguments.Contains("--keep"),
        Progress = line => Console.WriteLine($"{DateTime.Now:HH:mm:ss} {line}"),
    };
    options.Validate();
    reportFile = Option("--report");
}
catch (Exception e) when (e is FormatException or ArgumentException)
{
    Console.Error.WriteLine($"olimove-soak: {e.Message} (see --help)");
    return 2;
}

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};
var result = await SoakRun.RunAsync(options, cancel.Token);
var markdown = SoakReportWriter.Markdown(result);
Console.WriteLine();
Console.WriteLine(markdown);
if (reportFile is not null)
{
    Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(reportFile))!);
    await File.WriteAllTextAsync(reportFile, markdown);
    await File.WriteAllTextAsync(Path.ChangeExtension(reportFile, ".csv"), SoakReportWriter.Csv(result));
    Console.WriteLine($"report: {reportFile} (hourly samples: {Path.ChangeExtension(reportFile, ".csv")})");
}

return result.Passed ? 0 : 1;

string? Option(string name)
{
    var i = arguments.IndexOf(name);
    return i >= 0 && i + 1 < arguments.Count ? arguments[i + 1] : null;
}

int? Int(string name) => Option(name) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : null;

double? Double(string name) => Option(name) is { } text ? double.Parse(text, CultureInfo.InvariantCulture) : null;
