using System.CommandLine;
using System.Globalization;
using System.Text;
using OliMove.Bench.Retention;
using OliMove.Edge.Cli;

// A year on the box (issue 17): see docs/bench/retention.md. Options: --charge-points 1000 --days 365
// --sample-seconds 300 --raw-days 35 --plan-days 14 --quarter-days 400 --delivered-days 7 --batch-rows 500 (rows per retention unit of work) --dir <folder> --report <file>;
// --resume continues a stopped run after its last whole day (from the file and the per-day CSV); --verify-only runs
// verify and writes the report for the days the CSV holds (read-only: it may run beside a run that goes on).
var settings = BenchSettings.Parse(args);
var load = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "n/a";
Console.WriteLine($"retention bench: {settings}; load average {load}");
var started = DateTime.UtcNow;
if (!settings.VerifyOnly)
{
    try
    {
        await new YearSimulation(settings, new SyntheticSite(settings)).RunAsync(d => Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"day {d.Day,3}: file {Mib(d.FileBytes),8} MiB, used {Mib(d.UsedBytes),8} MiB, readings {d.RawReadings,9:N0}, quarters {d.QuarterRows,9:N0}, plans {d.PlanRows,7:N0}, " +
        $"tx {d.Transactions,8:N0}, archives {Mib(d.ArchiveBytes),8} MiB, +{d.ValuesInserted:N0} values, longest batch {d.LongestBatch.TotalMilliseconds:F0} ms, longest pass {d.LongestPass.TotalSeconds:F1} s, " +
        $"{d.RealTime.TotalSeconds:F0} s real (write {d.WriteTime.TotalSeconds:F1}, confirm {d.ConfirmTime.TotalSeconds:F1}, retention {d.PassTime.TotalSeconds:F1}, measure {d.MeasureTime.TotalSeconds:F1}), {d.CpuTime.TotalSeconds:F1} s CPU, load {d.Load:F0}")), CancellationToken.None);
    }
    catch (InvalidOperationException e) when (settings.Resume)
    {
        await Console.Error.WriteLineAsync(e.Message);
        return 2;
    }
}

var figures = File.ReadLines(settings.DaysCsv).Skip(1).Where(l => l.Length > 0).Select(DayFigures.FromCsv).ToList();
var loadAfter = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "n/a";

// verify, from the archive files and the SQLite file together, one slot at 10:00 of every 30th day and the last day.
var db = YearSimulation.DatabasePath(settings);
var archives = YearSimulation.ArchivePath(settings);
var checkedDays = Enumerable.Range(0, figures.Count).Where(d => d % 30 == 0 || d == figures.Count - 1).ToList();
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
    var inArchive = Directory.Exists(archives) && Directory.EnumerateFiles(archives, $"slots-{slot:yyyy-MM-dd}*").Any();
    verdicts.Add($"| {day + 1} | {Iso(slot)} | {(inArchive ? "archive file" : "SQLite")} | {exit} | {line} |");
    Console.WriteLine($"verify day {day + 1}: exit {exit}: {line}");
}

var report = new StringBuilder();
var last = figures[^1];
var window = figures.Skip(Math.Max(0, figures.Count - 31)).ToList();
double PerDay(Func<DayFigures, long> f) => window.Count < 2 ? 0 : (double)(f(window[^1]) - f(window[0])) / (window.Count - 1);
report.AppendLine(CultureInfo.InvariantCulture, $"# Retention bench: {settings.ChargePoints} charge points, {figures.Count} of {settings.Days} simulated days");
report.AppendLine();
report.AppendLine(CultureInfo.InvariantCulture, $"Settings: {settings}. Report written {started:u}; the days took {figures.Sum(f => f.RealTime.TotalMinutes):F1} min real, {figures.Sum(f => f.CpuTime.TotalMinutes):F1} min CPU; load average now `{loadAfter}`, over the days {figures.Min(f => f.Load):F0}–{figures.Max(f => f.Load):F0}.");
report.AppendLine();
report.AppendLine(CultureInfo.InvariantCulture, $"- file at the end: **{Mib(last.FileBytes)} MiB** ({Mib(last.UsedBytes)} MiB in use, {Mib(last.FreeBytes)} MiB free pages for reuse)");
report.AppendLine(CultureInfo.InvariantCulture, $"- growth per day over the last {window.Count - 1} days: file {PerDay(d => d.FileBytes) / 1048576:F2} MiB, in use {PerDay(d => d.UsedBytes) / 1048576:F2} MiB; archives {PerDay(d => d.ArchiveBytes) / 1048576:F2} MiB");
report.AppendLine(CultureInfo.InvariantCulture, $"- longest unit of work of the retention: {figures.Max(f => f.LongestBatch).TotalMilliseconds:F0} ms; longest pass {figures.Max(f => f.LongestPass).TotalSeconds:F1} s");
report.AppendLine(CultureInfo.InvariantCulture, $"- sampled values inserted: {figures.Sum(f => f.ValuesInserted):N0}");
report.AppendLine();
report.AppendLine("| day | file MiB | in use MiB | raw readings | quarter rows | plans | transactions | archives MiB | longest batch ms | longest pass s | real s | CPU s | load |");
report.AppendLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
foreach (var d in figures.Where(f => f.Day is 1 or 7 or 14 or 15 or 21 or 28 or 35 or 36 or 42 || f.Day % 30 == 0 || f.Day == last.Day))
{
    report.AppendLine(CultureInfo.InvariantCulture, $"| {d.Day} | {Mib(d.FileBytes)} | {Mib(d.UsedBytes)} | {d.RawReadings:N0} | {d.QuarterRows:N0} | {d.PlanRows:N0} | {d.Transactions:N0} | {Mib(d.ArchiveBytes)} | {d.LongestBatch.TotalMilliseconds:F0} | {d.LongestPass.TotalSeconds:F1} | {d.RealTime.TotalSeconds:F0} | {d.CpuTime.TotalSeconds:F1} | {d.Load:F0} |");
}

if (File.Exists(settings.TablesCsv))
{
    var tables = File.ReadLines(settings.TablesCsv).Skip(1).Select(l => l.Split(',')).Where(f => f.Length == 3)
        .Select(f => (Day: int.Parse(f[0], CultureInfo.InvariantCulture), Name: f[1], Bytes: long.Parse(f[2], CultureInfo.InvariantCulture))).ToList();
    var days = tables.Select(t => t.Day).Distinct().Order().ToList();
    var names = tables.GroupBy(t => t.Name).OrderByDescending(g => g.Max(t => t.Bytes)).Select(g => g.Key).Take(14).ToList();
    report.AppendLine();
    report.AppendLine("MiB per table and index (SQLite's dbstat) at the end of the day:");
    report.AppendLine();
    report.AppendLine($"| name | {string.Join(" | ", days.Select(d => $"day {d}"))} |");
    report.AppendLine($"|---|{string.Concat(days.Select(_ => "---:|"))}");
    foreach (var name in names)
    {
        report.AppendLine($"| {name} | {string.Join(" | ", days.Select(d => tables.Where(t => t.Day == d && t.Name == name).Select(t => Mib(t.Bytes)).FirstOrDefault() ?? "0"))} |");
    }
}

report.AppendLine();
report.AppendLine("verify (`--db` and `--archives` together), one slot per checked day:");
report.AppendLine();
report.AppendLine("| day | slot | plans read from | exit | verdict |");
report.AppendLine("|---:|---|---|---:|---|");
verdicts.ForEach(v => report.AppendLine(v));
Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(settings.Report))!);
await File.WriteAllTextAsync(settings.Report, report.ToString());
Console.WriteLine(report);
return verdicts.All(v => v.Contains(" | 0 | ", StringComparison.Ordinal)) ? 0 : 1;

static string Mib(long bytes) => (bytes / 1048576.0).ToString("F1", CultureInfo.InvariantCulture);

static string Iso(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
