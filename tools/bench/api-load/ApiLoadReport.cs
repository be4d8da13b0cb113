using System.Globalization;
using System.Text;

namespace OliMove.Bench.ApiLoad;

/// <summary>What one run measured; <see cref="ToMarkdown"/> writes it as the tables of docs/bench/api-load.md.</summary>
public sealed class ApiLoadReport
{
    public required ApiLoadPlan Plan { get; init; }

    public required int Chargers { get; init; }

    public required int Drivers { get; init; }

    /// <summary>The pollers' requests.</summary>
    public required RequestLog Polls { get; init; }

    /// <summary>The driver apps' /me/current reads after a "changed" event.</summary>
    public required RequestLog FollowUps { get; init; }

    public required TimeSpan LoadWall { get; init; }

    public required int StreamsOpened { get; init; }

    /// <summary>"kind #n: why" for every stream that ended or broke before the run closed it.</summary>
    public required IReadOnlyList<string> DroppedStreams { get; init; }

    public required long CockpitEvents { get; init; }

    public required long DriverEvents { get; init; }

    /// <summary>MeterValues sample → each cockpit having its view.</summary>
    public required LatencySamples MeterPerViewer { get; init; }

    /// <summary>MeterValues sample → the last cockpit having it (samples taken while all cockpits were connected).</summary>
    public required LatencySamples MeterReachedAll { get; init; }

    public required int MeterSamples { get; init; }

    /// <summary>Samples that some cockpit never saw as such: superseded by the next sample of the same charger within one publish.</summary>
    public required int MeterNotSeenByAll { get; init; }

    public required IReadOnlyList<StatusProbe> Probes { get; init; }

    /// <summary>StatusNotification → each cockpit having the new status.</summary>
    public required LatencySamples ProbeToCockpit { get; init; }

    /// <summary>StatusNotification → the last cockpit having it, per probe.</summary>
    public required LatencySamples ProbeToAllCockpits { get; init; }

    /// <summary>StatusNotification → the driver's "changed" after which /me/current shows it.</summary>
    public required LatencySamples ProbeToDriver { get; init; }

    /// <summary>"probe: who did not get it" for every probe not delivered to every subscriber it concerns.</summary>
    public required IReadOnlyList<string> UndeliveredProbes { get; init; }

    /// <summary>"phase action" → OCPP round trips of the chargers.</summary>
    public required IReadOnlyDictionary<string, LatencySamples> OcppRoundTrips { get; init; }

    public required int OcppCalls { get; init; }

    public required int OcppFailureCount { get; init; }

    public required IReadOnlyList<string> OcppFailures { get; init; }

    /// <summary>Transaction messages the chargers still held unacknowledged at the end.</summary>
    public required int OcppUndelivered { get; init; }

    public ServerUsage? Idle { get; init; }

    public long? MaxRssUnderLoad { get; init; }

    public ServerUsage? AfterLoad { get; init; }

    public ServerUsage? AfterClose { get; init; }

    public string ToMarkdown()
    {
        var ci = CultureInfo.InvariantCulture;
        var md = new StringBuilder();
        void Line(string text) => md.AppendLine(text);
        Line(string.Create(ci, $"Clients: {Plan.CockpitStreams} cockpit streams, {Plan.DriverStreams} driver streams, {Plan.ViewerPollers} viewer pollers, {Plan.DriverPollers} driver pollers ({Plan.Clients}); {Chargers} charge points charging, {Drivers} drivers; MeterValues every {Plan.MeterInterval.TotalSeconds:0.#} s per charger; think time {Plan.Think.TotalMilliseconds:0} ms; load {LoadWall.TotalSeconds:0.0} s."));
        Line("");
        Line("| HTTP (pollers) | requests | p50 / p95 / p99 / max ms |");
        Line("|---|---|---|");
        foreach (var (endpoint, samples) in Polls.ByEndpoint.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            Line(string.Create(ci, $"| `{endpoint}` | {samples.Count:N0} | {samples.Summary()} |"));
        }

        Line(string.Create(ci, $"| **all** | **{Polls.Total:N0}** ({Polls.Total / Math.Max(0.001, LoadWall.TotalSeconds):N0}/s) | **{Polls.All.Summary()}** |"));
        foreach (var (endpoint, samples) in FollowUps.ByEndpoint)
        {
            Line(string.Create(ci, $"| `{endpoint}` | {samples.Count:N0} | {samples.Summary()} |"));
        }

        Line("");
        Line(string.Create(ci, $"Status codes: {(Polls.Total == 0 ? "none" : "")}{string.Join(", ", Polls.ByStatus.OrderBy(s => s.Key).Select(s => $"{(s.Key == 0 ? "no answer" : s.Key.ToString(ci))} × {s.Value:N0}"))}. Failures (non-2xx or no answer): {Polls.FailureCount + FollowUps.FailureCount}."));
        foreach (var failure in Polls.Failures.Concat(FollowUps.Failures).Take(10))
        {
            Line($"- {failure}");
        }

        Line("");
        Line("| SSE | value |");
        Line("|---|---|");
        Line(string.Create(ci, $"| streams opened / dropped | {StreamsOpened} / {DroppedStreams.Count} |"));
        Line(string.Create(ci, $"| events read (cockpits / drivers) | {CockpitEvents:N0} / {DriverEvents:N0} |"));
        Line(string.Create(ci, $"| MeterValues → a cockpit, p50 / p95 / p99 / max ms | {MeterPerViewer.Summary()} ({MeterPerViewer.Count:N0}) |"));
        Line(string.Create(ci, $"| MeterValues → every cockpit, p50 / p95 / p99 / max ms | {MeterReachedAll.Summary()} ({MeterReachedAll.Count:N0} of {MeterSamples:N0} samples; {MeterNotSeenByAll:N0} superseded before some cockpit saw them) |"));
        Line(string.Create(ci, $"| StatusNotification → a cockpit, p50 / p95 / p99 / max ms | {ProbeToCockpit.Summary()} ({ProbeToCockpit.Count:N0}) |"));
        Line(string.Create(ci, $"| StatusNotification → every cockpit, p50 / p95 / p99 / max ms | {ProbeToAllCockpits.Summary()} ({Probes.Count} probes) |"));
        Line(string.Create(ci, $"| StatusNotification → driver app (\"changed\", then /me/current shows it), p50 / p95 / p99 / max ms | {ProbeToDriver.Summary()} ({ProbeToDriver.Count:N0}) |"));
        Line(string.Create(ci, $"| probes not delivered to every subscriber | {UndeliveredProbes.Count} |"));
        foreach (var dropped in DroppedStreams.Concat(UndeliveredProbes).Take(10))
        {
            Line($"- {dropped}");
        }

        Line("");
        Line("| OCPP (chargers) | round trips | p50 / p95 / p99 / max ms |");
        Line("|---|---|---|");
        foreach (var (action, samples) in OcppRoundTrips.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            Line(string.Create(ci, $"| {action} | {samples.Count:N0} | {samples.Summary()} |"));
        }

        Line(string.Create(ci, $"| failures (no CALLRESULT) / left unacknowledged | {OcppFailureCount} / {OcppUndelivered} | |"));
        foreach (var failure in OcppFailures.Take(10))
        {
            Line($"- {failure}");
        }

        if (Idle is not null)
        {
            static string MiB(long bytes) => (bytes / 1048576.0).ToString("0.0", CultureInfo.InvariantCulture);
            Line("");
            Line("| Server process | RSS MiB | peak RSS (VmHWM) MiB | CPU s |");
            Line("|---|---|---|---|");
            Line(string.Create(ci, $"| site running, no API clients | {MiB(Idle.RssBytes)} | {MiB(Idle.PeakRssBytes)} | {Idle.Cpu.TotalSeconds:0.0} |"));
            if (MaxRssUnderLoad is { } max)
            {
                Line(string.Create(ci, $"| highest sampled under load (1 s) | {MiB(max)} | | |"));
            }

            if (AfterLoad is { } after)
            {
                Line(string.Create(ci, $"| end of load, streams still open | {MiB(after.RssBytes)} | {MiB(after.PeakRssBytes)} | {after.Cpu.TotalSeconds:0.0} (+{(after.Cpu - Idle.Cpu).TotalSeconds:0.0} under load) |"));
            }

            if (AfterClose is { } closed)
            {
                Line(string.Create(ci, $"| all clients gone | {MiB(closed.RssBytes)} | {MiB(closed.PeakRssBytes)} | {closed.Cpu.TotalSeconds:0.0} |"));
            }
        }

        return md.ToString();
    }
}
