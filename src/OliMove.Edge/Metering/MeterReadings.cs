using System.Collections.Concurrent;
using OliMove.Modbus.Meters;

namespace OliMove.Edge.Metering;

/// <summary>The live reading of every meter of the site map, written by <see cref="MeterPollingService"/>.</summary>
public sealed class MeterReadings(TimeProvider time, MeteringOptions options)
{
    private readonly ConcurrentDictionary<string, MeterSample> _samples = new(StringComparer.Ordinal);

    public MeteringOptions Options => options;

    /// <summary>Stores a good reading; it ends the meter's problem, which says why it is not used now (decision 0396).</summary>
    public void Record(string meterId, MeterPowerReading reading, DateTimeOffset at) =>
        _samples.AddOrUpdate(meterId, _ => new MeterSample(meterId, reading, at, null, null), (_, s) => s with { Reading = reading, ReadAt = at, Problem = null, ProblemAt = null });

    public void RecordProblem(string meterId, string problem, DateTimeOffset at) =>
        _samples.AddOrUpdate(meterId, _ => new MeterSample(meterId, null, null, problem, at), (_, s) => s with { Problem = problem, ProblemAt = at });

    /// <summary>Drops a meter's state when a reload removed or changed it (decision 0378).</summary>
    public void Forget(string meterId) => _samples.TryRemove(meterId, out _);

    /// <summary>The reading to plan with now, or null (never read, failing, garbage or stale): then the static reservation holds.</summary>
    public MeterPowerReading? Usable(string meterId) =>
        _samples.TryGetValue(meterId, out var s) && s.IsUsable(time.GetUtcNow(), options.StaleAfter) ? s.Reading : null;

    /// <summary>For /api/v1/health: each meter's state ("ok", "failing", "stale", "never read") and what it last read.</summary>
    public IReadOnlyList<MeterHealth> Health()
    {
        var now = time.GetUtcNow();
        return [.. All.Select(s => new MeterHealth(
            s.MeterId,
            s.IsUsable(now, options.StaleAfter) ? "ok" : s.ProblemAt is { } p && (s.ReadAt is null || p > s.ReadAt) ? "failing" : s.ReadAt is null ? "never read" : "stale",
            s.Reading?.TotalW,
            s.ReadAt,
            s.Problem,
            s.ProblemAt))];
    }

    public IReadOnlyList<MeterSample> All => [.. _samples.Values.OrderBy(s => s.MeterId, StringComparer.Ordinal)];
}
