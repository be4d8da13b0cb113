using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using OliMove.Bench.HistoryExport;
using OliMove.Edge.Api;
using OliMove.Edge.Configuration;
using OliMove.Edge.Testing;

// Issue 23 bench (docs/bench/web.md): the session CSV of a simulated week at 100 chargers, and the energy history.
// Options: --charge-points 100 --days 7 --sessions-per-day 3 --runs 5 --report <file>.
var options = args.Select((a, i) => (a, i)).Where(x => x.a.StartsWith("--", StringComparison.Ordinal))
    .ToDictionary(x => x.a[2..], x => x.i + 1 < args.Length ? args[x.i + 1] : "");
int Int(string name, int fallback) => options.TryGetValue(name, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
var chargePoints = Int("charge-points", 100);
var days = Int("days", 7);
var perDay = Int("sessions-per-day", 3);
var runs = Int("runs", 5);
const string Token = "history-bench-viewer-token-0123456789";
var monday = new DateTimeOffset(2026, 11, 29, 23, 0, 0, TimeSpan.Zero); // Monday 30 November 2026, 00:00 in Berlin

var load = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "n/a";
await using var host = await EdgeTestHost.StartAsync(siteMapYaml: HistorySite.Yaml(chargePoints), configure: o =>
{
    o.Logs.MinimumLevel = "Warning";
    o.Api.Tokens = [new ApiTokenOptions { Name = "bench", Role = "viewer", Sha256 = ApiTokenHash.Sha256Hex(Token) }];
});
var seeding = Stopwatch.StartNew();
var (sessions, meterRows) = await WeekOfSessions.WriteAsync(host, HistorySite.ChargePointIds(chargePoints), monday, days, perDay);
Console.WriteLine($"seeded {sessions:N0} sessions, {meterRows:N0} meter value rows in {seeding.Elapsed.TotalSeconds:F1} s");

using var http = new HttpClient { BaseAddress = host.BaseUri, Timeout = TimeSpan.FromMinutes(5) };
http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
var week = $"from={Uri.EscapeDataString(monday.ToString("o", CultureInfo.InvariantCulture))}&to={Uri.EscapeDataString(monday.AddDays(days).ToString("o", CultureInfo.InvariantCulture))}";
(string Name, string Path)[] requests =
[
    ("sessions CSV, the whole week", $"api/v1/sessions?format=csv&{week}"),
    ("sessions CSV, promises missed", $"api/v1/sessions?format=csv&promise=missed&{week}"),
    ("sessions JSON, first page of 50", $"api/v1/sessions?{week}"),
    ("sessions JSON, page sorted by energy", $"api/v1/sessions?sort=energy&offset=1000&{week}"),
    ("energy history JSON, the week", "api/v1/history/energy?period=week&date=2026-12-01"),
    ("energy history CSV, the week", "api/v1/history/energy?period=week&date=2026-12-01&format=csv"),
    ("energy history JSON, the month", "api/v1/history/energy?period=month&date=2026-12-01"),
];

var report = new StringBuilder();
report.AppendLine(CultureInfo.InvariantCulture, $"{chargePoints} chargers, {days} days, {sessions:N0} sessions, {meterRows:N0} meter value rows; {runs} runs each after one warm-up; load average before `{load}`.");
report.AppendLine();
report.AppendLine("| request | rows | bytes | first byte ms, median [min–max] | complete ms, median [min–max] |");
report.AppendLine("|---|---:|---:|---:|---:|");
foreach (var (name, path) in requests)
{
    var first = new List<double>();
    var total = new List<double>();
    long bytes = 0, lines = 0;
    // Run 0 warms the JIT and SQLite's page cache and is not counted.
    for (var run = 0; run <= runs; run++)
    {
        var clock = Stopwatch.StartNew();
        using var response = await http.GetAsync(path, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        await using var body = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[64 * 1024];
        bytes = 0;
        lines = 0;
        int read;
        var firstRead = true;
        while ((read = await body.ReadAsync(buffer)) > 0)
        {
            if (firstRead)
            {
                if (run > 0)
                {
                    first.Add(clock.Elapsed.TotalMilliseconds);
                }

                firstRead = false;
            }

            bytes += read;
            lines += buffer.AsSpan(0, read).Count((byte)'\n');
        }

        if (run > 0)
        {
            total.Add(clock.Elapsed.TotalMilliseconds);
        }
    }

    var rows = IsCsv(path) ? (lines - 1).ToString("N0", CultureInfo.InvariantCulture) : "–";
    var line = string.Create(CultureInfo.InvariantCulture, $"| {name} | {rows} | {bytes:N0} | {Spread(first)} | {Spread(total)} |");
    Console.WriteLine(line);
    report.AppendLine(line);
}

var after = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "n/a";
report.AppendLine();
report.AppendLine(CultureInfo.InvariantCulture, $"Load average after `{after}`.");
if (options.TryGetValue("report", out var file) && file.Length > 0)
{
    await File.WriteAllTextAsync(file, report.ToString());
}

Console.WriteLine(report);
return;

static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

static string Spread(List<double> values) => string.Create(CultureInfo.InvariantCulture, $"{Median(values):F0} [{values.Min():F0}–{values.Max():F0}]");

static bool IsCsv(string path) => path.Contains("format=csv", StringComparison.Ordinal);
