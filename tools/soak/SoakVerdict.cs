using System.Globalization;

namespace OliMove.Tools.Soak;

/// <summary>
/// The verdict of a run: memory flat after warm-up, no descriptor or connection leak, every slot of every group
/// planned and recorded, every charge point connected at the end, every acknowledged transaction and every
/// meter sample stored once, and no error in the service's log.
/// </summary>
public static class SoakVerdict
{
    public static IReadOnlyList<SoakCheck> Evaluate(SoakResult run)
    {
        var checks = new List<SoakCheck>
        {
            Memory(run),
            Descriptors(run),
            Connections(run),
        };

        var missed = run.Slots.Missed;
        checks.Add(new SoakCheck("no slot missed", run.Slots.Expected > 0 && missed.Count == 0, Invariant(
            $"{run.Slots.Planned} of {run.Slots.Expected} group slots planned at their boundary ({run.Slots.BoundaryCount} boundaries × {run.Slots.GroupIds.Count} groups); missed {missed.Count}{Examples(missed.Select(m => $"{m.GroupId} {m.SlotStart:ddd HH:mm}"))}")));
        checks.Add(new SoakCheck("every finished slot recorded for the chain", run.SlotsWithoutRecord.Count == 0, Invariant(
            $"{Math.Max(0, run.Slots.BoundaryCount - 1) - run.SlotsWithoutRecord.Count} of {Math.Max(0, run.Slots.BoundaryCount - 1)} slot records queued in the outbox{Examples(run.SlotsWithoutRecord.Select(s => $"{s:ddd HH:mm}"))}")));
        checks.Add(new SoakCheck("every charge point connected at the end", run.Final.ConnectedPerApi == run.Options.ChargePoints, Invariant(
            $"{run.Final.ConnectedPerApi} of {run.Options.ChargePoints} connected per /api/v1/chargepoints")));
        var fleet = run.Fleet;
        checks.Add(new SoakCheck("every acknowledged transaction stored once",
            run.AcknowledgedNotStored == 0 && fleet.ConflictingAcknowledgements == 0 && run.TransactionsStored == fleet.StartsMade && run.OpenTransactionsStored == run.ChargingAtEnd,
            Invariant($"{fleet.StartsMade} started, {fleet.Acknowledged.Count} acknowledged, {run.TransactionsStored} stored, {run.AcknowledgedNotStored} acknowledged but not stored, {fleet.ConflictingAcknowledgements} ids given twice; open {run.OpenTransactionsStored} stored vs {run.ChargingAtEnd} cars plugged in")));
        checks.Add(new SoakCheck("every meter sample stored once", run.MeterSamplesStored == fleet.MeterSamples, Invariant(
            $"{fleet.MeterSamples} taken, {run.MeterSamplesStored} stored")));
        checks.Add(new SoakCheck("no error in the service's log", run.ServiceErrorLines == 0, Invariant(
            $"{run.ServiceErrorLines} ERR/FTL lines{Examples(run.FirstServiceErrors)}")));
        return checks;
    }

    /// <summary>The two windows the memory bound compares: first vs last day, or for runs under two days the second vs the last quarter (the first is warm-up).</summary>
    public static (IReadOnlyList<HourlySample> First, IReadOnlyList<HourlySample> Last, string Basis) MemoryWindows(SoakResult run)
    {
        var measured = run.Samples.Where(s => s.Service is not null).ToList();
        if (run.Options.Days >= 2)
        {
            return ([.. measured.Where(s => s.SimulatedAt <= run.WindowStart.AddDays(1))], [.. measured.Where(s => s.SimulatedAt > run.WindowEnd.AddDays(-1))], "last day vs first day");
        }

        var quarter = (run.WindowEnd - run.WindowStart) / 4;
        return ([.. measured.Where(s => s.SimulatedAt > run.WindowStart + quarter && s.SimulatedAt <= run.WindowStart + (2 * quarter))],
            [.. measured.Where(s => s.SimulatedAt > run.WindowEnd - quarter)], "last quarter vs second quarter");
    }

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? double.NaN
            : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2]
            : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static SoakCheck Memory(SoakResult run)
    {
        var (first, last, basis) = MemoryWindows(run);
        if (first.Count == 0 || last.Count == 0)
        {
            return new SoakCheck("memory flat after warm-up", false, "not measured (no /proc samples)");
        }

        var firstMb = Median(first.Select(s => s.Service!.RssBytes / 1048576.0));
        var lastMb = Median(last.Select(s => s.Service!.RssBytes / 1048576.0));
        var growth = (lastMb / firstMb) - 1;
        return new SoakCheck("memory flat after warm-up", growth <= run.Options.MemoryGrowthBound, Invariant(
            $"median RSS {lastMb:0.0} MiB vs {firstMb:0.0} MiB ({basis}): {growth:+0.0%;-0.0%} (bound {run.Options.MemoryGrowthBound:+0%})"));
    }

    /// <summary>
    /// Sockets at the end against the start (all charge points connected both times); every other descriptor at
    /// the end against the most seen during warm-up (the thread pool and SQLite's connection pool grow at first).
    /// </summary>
    private static SoakCheck Descriptors(SoakResult run)
    {
        if (run.Baseline.Service is not { } before || run.Final.Service is not { } after)
        {
            return new SoakCheck("no descriptor leak", false, "not measured (no /proc)");
        }

        var (warmUp, _, _) = MemoryWindows(run);
        var warmUpMax = warmUp.Select(s => s.Service!.NonSocketDescriptors).DefaultIfEmpty(before.NonSocketDescriptors).Max();
        var otherGrowth = after.NonSocketDescriptors - Math.Max(warmUpMax, before.NonSocketDescriptors);
        var socketGrowth = after.Sockets - before.Sockets;
        var bound = run.Options.DescriptorGrowthBound;
        return new SoakCheck("no descriptor leak", otherGrowth <= bound && socketGrowth <= bound, Invariant(
            $"sockets {after.Sockets} at the end vs {before.Sockets} at the start, all charge points connected both times ({socketGrowth:+0;-0}); other descriptors {after.NonSocketDescriptors} at the end ({after.Files} files) vs {before.NonSocketDescriptors} at the start and at most {warmUpMax} during warm-up ({otherGrowth:+0;-0} beyond; bound +{bound} each); all descriptors {before.OpenDescriptors} → {after.OpenDescriptors}, max {run.Samples.Max(s => s.Service?.OpenDescriptors ?? 0)}"));
    }

    private static SoakCheck Connections(SoakResult run)
    {
        if (run.Baseline.Service is not { } before || run.Final.Service is not { } after)
        {
            return new SoakCheck("no connection leak", false, "not measured (no /proc)");
        }

        var growth = after.TcpEstablished - before.TcpEstablished;
        var closeWaitMax = run.Samples.Max(s => s.Service?.TcpCloseWait ?? 0);
        return new SoakCheck("no connection leak", growth <= run.Options.DescriptorGrowthBound && after.TcpCloseWait == 0, Invariant(
            $"ESTABLISHED {after.TcpEstablished} at the end vs {before.TcpEstablished} at the start for {run.Options.ChargePoints} charge points ({growth:+0;-0}); CLOSE_WAIT {after.TcpCloseWait} at the end, at most {closeWaitMax} in an hourly sample"));
    }

    private static string Examples(IEnumerable<string> items)
    {
        var list = items.Take(5).ToList();
        return list.Count == 0 ? "" : " (e.g. " + string.Join("; ", list) + ")";
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
