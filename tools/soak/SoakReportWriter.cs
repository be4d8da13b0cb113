using System.Globalization;
using System.Text;

namespace OliMove.Tools.Soak;

/// <summary>The run as markdown (verdict, per-day figures, slot lag) and its hourly samples as CSV.</summary>
public static class SoakReportWriter
{
    public static string Markdown(SoakResult run)
    {
        var o = run.Options;
        var f = run.Fleet;
        var md = new StringBuilder();
        var window = run.WindowEnd - run.WindowStart;
        var realWindow = run.RealDuration - run.SetupDuration;
        Line(md, $"# Soak: {o.ChargePoints:N0} charge points, {o.Days} simulated days at {o.Speed}×");
        md.AppendLine();
        Line(md, $"- **Verdict: {(run.Passed ? "PASS" : "FAIL")}** ({run.Checks.Count(c => c.Passed)} of {run.Checks.Count} checks)");
        Line(md, $"- Machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}; run at {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC");
        Line(md, $"- Site: {o.Cabinets} cabinets (charging groups) of {o.PerCabinet} × 11 kW charge points on {o.CabinetLimitW / 1000.0:0.#} kW each; heartbeat {o.HeartbeatIntervalSeconds} s, meter samples every {o.MeterValueSampleIntervalSeconds} s (simulated)");
        Line(md, $"- Window (service clock): {run.WindowStart:ddd yyyy-MM-dd HH:mm} to {run.WindowEnd:ddd yyyy-MM-dd HH:mm} UTC, {window.TotalHours:0} h simulated");
        Line(md, $"- Real time: {run.RealDuration.TotalMinutes:0.0} min in all; setup (site map, service start, {o.ChargePoints:N0} connects) {run.SetupDuration.TotalSeconds:0} s; one slot = {900 / o.Speed * 1000:0} ms real");
        Line(md, $"- Fleet: {f.StartsMade:N0} sessions started, {f.Stops:N0} stopped, {f.MeterSamples:N0} meter samples, {f.Heartbeats:N0} heartbeats, {f.Drops:N0} drops (no close handshake) and {f.Reconnects:N0} reconnects; {f.UnexpectedDisconnects:N0} connections lost without a drop, {f.CallsRefused:N0} calls refused");
        var messages = f.StartsMade + f.Stops + f.MeterSamples + f.Heartbeats;
        Line(md, $"- Charge-point-initiated transaction messages and heartbeats: {messages / Math.Max(1, realWindow.TotalSeconds):0} per real second on average (plus status notifications, and the service's SetChargingProfile / GetCompositeSchedule calls)");
        Line(md, $"- Service log: {run.ServiceErrorLines} ERR/FTL lines; work directory `{run.WorkDirectory}`");
        md.AppendLine();

        md.AppendLine("## Checks");
        md.AppendLine();
        md.AppendLine("| check | result | figures |");
        md.AppendLine("|---|---|---|");
        foreach (var check in run.Checks)
        {
            Line(md, $"| {check.Name} | {(check.Passed ? "pass" : "**FAIL**")} | {check.Detail.Replace("|", "\\|", StringComparison.Ordinal)} |");
        }

        md.AppendLine();
        md.AppendLine("## Per simulated day");
        md.AppendLine();
        md.AppendLine("| day | RSS median | RSS max | fds min–max | TCP ESTABLISHED min–max | CLOSE_WAIT max | connected (API) min | cars plugged in max | slots planned / expected (cumulative) | missed | SQLite file at day end | API /chargepoints max |");
        md.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var day in run.Samples.GroupBy(s => (int)Math.Ceiling((s.SimulatedAt - run.WindowStart).TotalDays)).OrderBy(g => g.Key))
        {
            var s = day.ToList();
            var r = s.Where(x => x.Service is not null).Select(x => x.Service!).ToList();
            var last = s[^1];
            Line(md, $"| {day.Key} ({run.WindowStart.AddDays(day.Key - 0.5):ddd}) | {Mib(SoakVerdict.Median(r.Select(x => (double)x.RssBytes)))} | {Mib(r.Max(x => x.RssBytes))} | {r.Min(x => x.OpenDescriptors)}–{r.Max(x => x.OpenDescriptors)} | {r.Min(x => x.TcpEstablished)}–{r.Max(x => x.TcpEstablished)} | {r.Max(x => x.TcpCloseWait)} | {s.Min(x => x.ConnectedPerApi)} | {s.Max(x => x.Charging)} | {last.PlannedSoFar:N0} / {last.ExpectedSoFar:N0} | {last.MissedSoFar} | {Mib(last.DatabaseBytes)} | {s.Max(x => x.ApiLatency.TotalMilliseconds):0} ms |");
        }

        Line(md, $"| start (all connected) | {Mib(run.Baseline.Service?.RssBytes ?? 0)} | | {run.Baseline.Service?.OpenDescriptors} | {run.Baseline.Service?.TcpEstablished} | {run.Baseline.Service?.TcpCloseWait} | {run.Baseline.ConnectedPerApi} | | | | {Mib(run.Baseline.DatabaseBytes)} | |");
        Line(md, $"| end (all reconnected) | {Mib(run.Final.Service?.RssBytes ?? 0)} | peak {Mib(run.Final.Service?.PeakRssBytes ?? 0)} | {run.Final.Service?.OpenDescriptors} | {run.Final.Service?.TcpEstablished} | {run.Final.Service?.TcpCloseWait} | {run.Final.ConnectedPerApi} | | {run.Slots.Planned:N0} / {run.Slots.Expected:N0} | {run.Slots.Missed.Count} | {Mib(run.Final.DatabaseBytes)} | |");
        md.AppendLine();

        var lags = run.Slots.SiteLags.Select(l => l.TotalSeconds).Order().ToArray();
        md.AppendLine("## Slot planning lag");
        md.AppendLine();
        if (lags.Length > 0)
        {
            Line(md, $"From each slot boundary to the last of the {run.Slots.GroupIds.Count} groups' plans archived (SQLite `slot_plans.created_at`, service clock; groups are planned one after another, each dispatched before the next):");
            md.AppendLine();
            md.AppendLine("| | median | p95 | max |");
            md.AppendLine("|---|---:|---:|---:|");
            Line(md, $"| simulated | {Percentile(lags, 0.5):0} s | {Percentile(lags, 0.95):0} s | {lags[^1]:0} s |");
            Line(md, $"| real | {Percentile(lags, 0.5) / o.Speed * 1000:0} ms | {Percentile(lags, 0.95) / o.Speed * 1000:0} ms | {lags[^1] / o.Speed * 1000:0} ms |");
            Line(md, $"| share of a slot | {Percentile(lags, 0.5) / 900:0%} | {Percentile(lags, 0.95) / 900:0%} | {lags[^1] / 900:0%} |");
        }
        else
        {
            md.AppendLine("No boundary had all its groups planned.");
        }

        return md.ToString();
    }

    public static string Csv(SoakResult run)
    {
        var csv = new StringBuilder("simulated_at,hours_into_window,real_seconds,rss_mib,peak_rss_mib,threads,fds,sockets,files,tcp_established,tcp_close_wait,tcp_other,connected_api,online_fleet,charging,slots_planned,slots_expected,slots_missed,db_mib,starts,meter_samples,heartbeats,drops,api_ms\n");
        foreach (var s in new[] { run.Baseline }.Concat(run.Samples).Append(run.Final))
        {
            var r = s.Service;
            Line(csv, $"{s.SimulatedAt:O},{(s.SimulatedAt - run.WindowStart).TotalHours:0.00},{s.RealElapsed.TotalSeconds:0.0},{(r?.RssBytes ?? 0) / 1048576.0:0.0},{(r?.PeakRssBytes ?? 0) / 1048576.0:0.0},{r?.Threads},{r?.OpenDescriptors},{r?.Sockets},{r?.Files},{r?.TcpEstablished},{r?.TcpCloseWait},{r?.TcpOther},{s.ConnectedPerApi},{s.OnlineInFleet},{s.Charging},{s.PlannedSoFar},{s.ExpectedSoFar},{s.MissedSoFar},{s.DatabaseBytes / 1048576.0:0.0},{s.StartsMade},{s.MeterSamples},{s.Heartbeats},{s.Drops},{s.ApiLatency.TotalMilliseconds:0}");
        }

        return csv.ToString();
    }

    private static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    private static string Mib(double bytes) => (bytes / 1048576.0).ToString("0.0", CultureInfo.InvariantCulture) + " MiB";

    private static void Line(StringBuilder sb, FormattableString text) => sb.AppendLine(text.ToString(CultureInfo.InvariantCulture));
}
