using System.CommandLine;
using System.Globalization;
using System.Text;
using OliMove.Bench.Retention;
using OliMove.Edge.Cli;

// A year on the box (issue 17): see docs/bench/retention.md. Options: --charge-points 1000 --days 365
// --sample-seconds 300 --raw-days 35 --plan-days 14 --quarter-days 400 --delivered-days 7 --dir <folder> --report <file>.
var settings = BenchSettings.Parse(args);
var load = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "n/a";
Console.WriteLine($"retention bench: {settings}; load average {load}");
var site = new SyntheticSite(settings);
var started = DateTime.UtcNow;
var figures = await new YearSimulation(settings, site).RunAsync(d => Console.WriteLine(
    $"day {d.Day,3}: file {Mib(d.FileBytes),8} MiB, used {Mib(d.UsedBytes),8} MiB, raw {d.RawRows,9:N0}, quarters {d.QuarterRows,9:N0}, plans {d.PlanRows,7:N0}, " +
    $"tx {d.Transactions,8:N0}, archives {Mib(d.ArchiveBytes),8} MiB, +{d.RowsInserted:N0} rows, longest batch {d.LongestBatch.TotalMilliseconds:F0} ms, longest pass {d.LongestPass.TotalSeconds:F1} s, {d.RealTime.TotalSeconds:F0} s real"), CancellationToken.None);
var loadAfter = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "n/a";

// verify, from the archive files and the SQLite file together, one slot at 10:00 of every 30th day and the last day.
var db = Path.Combine(settings.Directory, "olimove-edge.db");
var archives = Path.Combine(settings.Directory, "slot-archives");
var checkedDays = Enumerable.Range(0, settings.Days).Where(d => d % 30 == 0 || d == settings.Days - 1).ToList();
var verdicts = new List<string>();
foreach (var day in checkedDays)
{
    var slot = YearSimulation.Start.AddDays(day).AddHours(10);
    var output = new StringWriter();
    var error = new StringWriter();
    string[] sources = Directory.Exists(archives) ? ["--db", db, "--archives", archives] : ["--db", db];
    var exit = await EdgeCommandLine.Build().Parse(["verify", .. sources, "--from", Iso(slot), "--to", Iso(slot.AddMinutes(15))])
        .InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
    var line = output.ToString().Split('\n').FirstOrDefault(l => l.StartsWith("slot ", StringComparison.Ordinal))?.Trim() ?? error.ToString().Trim();
    verdicts.Add($"| {day + 1} | {Iso(slot)} | {exit} | {line} |");
    Console.WriteLine($"verify day {day + 1}: exit {exit}: {line}");
}

var report = new StringBuilder();
var last = figures[^1];
var window = figures.Skip(Math.Max(0, figures.Count - 31)).ToList();
double PerDay(Func<DayFigures, long> f) => window.Count < 2 ? 0 : (double)(f(window[^1]) - f(window[0])) / (window.Count - 1);
report.AppendLine(CultureInfo.InvariantCulture, $"# Retention bench: {settings.ChargePoints} charge points, {settings.Days} simulated days");
report.AppendLine();
report.AppendLine(CultureInfo.InvariantCulture, $"Settings: {settings}. Started {started:u}, {(DateTime.UtcNow - started).TotalMinutes:F1} min real; load average before `{load}`, after `{loadAfter}`.");
report.AppendLine();
report.AppendLine(CultureInfo.InvariantCulture, $"- file at the end: **{Mib(last.FileBytes)} MiB** ({Mib(last.UsedBytes)} MiB in use, {Mib(last.FreeBytes)} MiB free pages for reuse)");
report.AppendLine(CultureInfo.InvariantCulture, $"- growth per day over the last {window.Count - 1} days: file {PerDay(d => d.FileBytes) / 1048576:F2} MiB, in use {PerDay(d => d.UsedBytes) / 1048576:F2} MiB; archives {PerDay(d => d.ArchiveBytes) / 1048576:F2} MiB");
report.AppendLine(CultureInfo.InvariantCulture, $"- longest unit of work of the retention: {figures.Max(f => f.LongestBatch).TotalMilliseconds:F0} ms; longest pass {figures.Max(f => f.LongestPass).TotalSeconds:F1} s");
report.AppendLine(CultureInfo.InvariantCulture, $"- meter value rows inserted: {figures.Sum(f => f.RowsInserted):N0}");
report.AppendLine();
report.AppendLine("| day | file MiB | in use MiB | raw rows | quarter rows | plans | transactions | archives MiB | longest batch ms | longest pass s | real s |");
report.AppendLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
foreach (var d in figures.Where(f => f.Day is 1 or 7 or 14 or 15 or 21 or 28 or 35 or 36 or 42 || f.Day % 30 == 0 || f.Day == last.Day))
{
    report.AppendLine(CultureInfo.InvariantCulture, $"| {d.Day} | {Mib(d.FileBytes)} | {Mib(d.UsedBytes)} | {d.RawRows:N0} | {d.QuarterRows:N0} | {d.PlanRows:N0} | {d.Transactions:N0} | {Mib(d.ArchiveBytes)} | {d.LongestBatch.TotalMilliseconds:F0} | {d.LongestPass.TotalSeconds:F1} | {d.RealTime.TotalSeconds:F0} |");
}

report.AppendLine();
report.AppendLine("verify (`--db` and `--archives` together), one slot per checked day:");
report.AppendLine();
report.AppendLine("| day | slot | exit | verdict |");
report.AppendLine("|---:|---|---:|---|");
verdicts.ForEach(v => report.AppendLine(v));
Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(settings.Report))!);
await File.WriteAllTextAsync(settings.Report, report.ToString());
File.WriteAllLines(Path.ChangeExtension(settings.Report, ".csv"),
    ["day,file_bytes,free_bytes,raw_rows,quarter_rows,plan_rows,transactions,archive_bytes,rows_inserted,longest_batch_ms,longest_pass_s,real_s",
     .. figures.Select(d => string.Create(CultureInfo.InvariantCulture, $"{d.Day},{d.FileBytes},{d.FreeBytes},{d.RawRows},{d.QuarterRows},{d.PlanRows},{d.Transactions},{d.ArchiveBytes},{d.RowsInserted},{d.LongestBatch.TotalMilliseconds:F1},{d.LongestPass.TotalSeconds:F2},{d.RealTime.TotalSeconds:F1}"))]);
Console.WriteLine(report);
return verdicts.All(v => v.Contains(" | 0 | ", StringComparison.Ordinal)) ? 0 : 1;

static string Mib(long bytes) => (bytes / 1048576.0).ToString("F1", CultureInfo.InvariantCulture);

static string Iso(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
