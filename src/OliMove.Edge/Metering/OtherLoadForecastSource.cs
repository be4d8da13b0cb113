using System.Collections.Concurrent;
using OliMove.Edge.Hosting;
using OliMove.Modbus.Forecast;
using OliMove.Scheduling;
using OliMove.SiteMap.Topology;
using OliMove.Storage;

namespace OliMove.Edge.Metering;

/// <summary>
/// The slots after the one under way for a circuit whose meter gives a usable reading now (decision 0314): the
/// forecast from its stored quarters (decision 0267) replaces the static worst case. Guarantees and admission rest on
/// the envelope (guaranteed = limit − envelope); best effort may also use what lies between the envelope and the
/// median, given to the allocator as surplus (usable, never guaranteed). A time of day with too little history keeps
/// the worst case, and a circuit whose meter is missing, failing or stale keeps it in every slot (decision 0238). The
/// values enter the snapshot's circuit series, so they are part of the canonical input that is hashed and replayed.
/// </summary>
public sealed class OtherLoadForecastSource(SiteState site, MeasuredOtherLoad measured, OtherLoadHistory history)
{
    private readonly ConcurrentDictionary<string, OtherLoadOutlook> _latest = new(StringComparer.Ordinal);

    /// <summary>The circuits' snapshots with later slots planned on the forecast where a meter allows it.</summary>
    public async Task<List<CircuitSnapshot>> ApplyAsync(IReadOnlyList<CircuitSnapshot> circuits, DateTimeOffset slotStart, int slotSeconds, DateTimeOffset now, CancellationToken ct)
    {
        await history.EnsureLoadedAsync(ct);
        var topology = site.Topology;
        var forecaster = new OtherLoadForecaster(new OtherLoadForecasterOptions { TimeZone = TimeZoneInfo.FindSystemTimeZoneById(topology.Map.TimeZone) });
        var result = new List<CircuitSnapshot>(circuits.Count);
        foreach (var snapshot in circuits)
        {
            var circuit = topology.FindCircuit(snapshot.CircuitId);
            if (circuit is null || slotSeconds != (int)OtherLoadForecaster.SlotLength.TotalSeconds || measured.Source(circuit) is not { } source)
            {
                if (circuit is not null)
                {
                    _latest.TryRemove(circuit.Id, out _);
                }

                result.Add(snapshot);
                continue;
            }

            result.Add(Apply(snapshot, circuit, forecaster, source, slotStart, slotSeconds, now));
        }

        return result;
    }

    /// <summary>What the last plan of the circuit used: measured now and the forecast per slot; null when static.</summary>
    public OtherLoadOutlook? Latest(string circuitId) => _latest.GetValueOrDefault(circuitId);

    private CircuitSnapshot Apply(CircuitSnapshot snapshot, CircuitNode circuit, OtherLoadForecaster forecaster, CircuitOtherLoad source, DateTimeOffset slotStart, int slotSeconds, DateTimeOffset now)
    {
        var slots = snapshot.GuaranteedW.Count;
        var load = source.Now;
        var (total, line) = Forecast(circuit, forecaster, source, slotStart, slots);

        // Slots up to the one holding now are the measured value's (decision 0238); the forecast starts after it.
        var first = Math.Max(0, (int)Math.Floor((now - slotStart).TotalSeconds / slotSeconds) + 1);
        var guaranteed = snapshot.GuaranteedW.ToArray();
        var surplus = snapshot.SurplusW.ToArray();
        for (var t = first; t < slots; t++)
        {
            guaranteed[t] = Math.Max(0, (long)Math.Floor(circuit.LimitW) - total.EnvelopeW[t]);
            surplus[t] += total.EnvelopeW[t] - total.MedianW[t];
        }

        var phaseGuaranteed = snapshot.PhaseGuaranteedW;
        var phaseSurplus = snapshot.PhaseSurplusW;
        if (phaseGuaranteed is not null && phaseSurplus is not null && circuit.PhaseLimitW is { } phaseLimit)
        {
            // The most loaded line's forecast on every line: a building's load may move between lines.
            long[] Guaranteed(IReadOnlyList<long> series)
            {
                var copy = series.ToArray();
                for (var t = first; t < slots; t++)
                {
                    copy[t] = Math.Max(0, (long)Math.Floor(phaseLimit) - line.EnvelopeW[t]);
                }

                return copy;
            }

            long[] Surplus(IReadOnlyList<long> series)
            {
                var copy = series.ToArray();
                for (var t = first; t < slots; t++)
                {
                    copy[t] += line.EnvelopeW[t] - line.MedianW[t];
                }

                return copy;
            }

            phaseGuaranteed = new PhaseSeries(Guaranteed(phaseGuaranteed.L1), Guaranteed(phaseGuaranteed.L2), Guaranteed(phaseGuaranteed.L3));
            phaseSurplus = new PhaseSeries(Surplus(phaseSurplus.L1), Surplus(phaseSurplus.L2), Surplus(phaseSurplus.L3));
        }

        _latest[circuit.Id] = new OtherLoadOutlook(circuit.Id, now, load.TotalW, slotStart, first, total.MedianW, total.EnvelopeW, total.FromHistory.Count(h => h));
        return snapshot with { GuaranteedW = guaranteed, SurplusW = surplus, PhaseGuaranteedW = phaseGuaranteed, PhaseSurplusW = phaseSurplus };
    }

    /// <summary>
    /// The circuit's other load per slot, in total and on its most loaded line, from its source (decision 0351): the
    /// circuit's own history; the sum of its metered loads' forecasts (each from its own history, at least what it
    /// reads now) and the declared worst case of the others (sums of envelopes: conservative); or the grid meter's
    /// residual forecast, capped at the circuit's declared worst case.
    /// </summary>
    private (OtherLoadForecast Total, OtherLoadForecast Line) Forecast(CircuitNode circuit, OtherLoadForecaster forecaster, CircuitOtherLoad source, DateTimeOffset slotStart, int slots)
    {
        static List<OtherLoadQuarter> Totals(IEnumerable<OtherLoadQuarterReading> quarters) => [.. quarters.Select(q => new OtherLoadQuarter(q.QuarterStart, q.MeanW, q.MaxW))];
        static List<OtherLoadQuarter> Lines(IEnumerable<OtherLoadQuarterReading> quarters) => [.. quarters.Select(q => new OtherLoadQuarter(q.QuarterStart, q.LineMeanW, q.LineMaxW))];
        var worst = (long)Math.Ceiling(circuit.ReservedW);
        var worstLine = (long)Math.Ceiling(circuit.ReservedMaxLineW);
        switch (source.Source)
        {
            case OtherLoadSource.Load:
                {
                    OtherLoadForecast? total = null, line = null;
                    foreach (var (definition, _, measuredNow) in source.Loads)
                    {
                        OtherLoadForecast t, l;
                        if (measuredNow is null)
                        {
                            var fixedLoad = MeasuredOtherLoad.StaticLoad(definition);
                            t = Constant(slotStart, slots, fixedLoad.TotalW);
                            l = Constant(slotStart, slots, fixedLoad.MaxPhaseW);
                        }
                        else
                        {
                            var quarters = history.Quarters(OtherLoadSource.Load, definition.Id);
                            t = forecaster.Forecast(Totals(quarters), slotStart, measuredNow.TotalW, definition.PowerW, slots);
                            l = forecaster.Forecast(Lines(quarters), slotStart, measuredNow.MaxPhaseW, MeasuredOtherLoad.StaticLoad(definition).MaxPhaseW, slots);
                        }

                        total = total is null ? t : Sum(total, t);
                        line = line is null ? l : Sum(line, l);
                    }

                    return (total ?? Constant(slotStart, slots, 0), line ?? Constant(slotStart, slots, 0));
                }

            case OtherLoadSource.Grid:
                {
                    var quarters = history.Quarters(OtherLoadSource.Grid, source.GridMeterId!);
                    var residual = source.GridResidual!;
                    var total = forecaster.Forecast(Totals(quarters), slotStart, residual.TotalW, worst, slots);
                    var line = forecaster.Forecast(Lines(quarters), slotStart, residual.MaxPhaseW, worstLine, slots);
                    return (Cap(total, worst), Cap(line, worstLine));
                }

            default:
                {
                    var quarters = history.Quarters(circuit.Id);
                    return (
                        forecaster.Forecast(Totals(quarters), slotStart, source.Now.TotalW, worst, slots),
                        forecaster.Forecast(Lines(quarters), slotStart, source.Now.MaxPhaseW, worstLine, slots));
                }
        }
    }

    private static OtherLoadForecast Constant(DateTimeOffset slotStart, int slots, long w) =>
        new(slotStart, Enumerable.Repeat(w, slots).ToArray(), Enumerable.Repeat(w, slots).ToArray(), new bool[slots]);

    // A slot counts as "from history" only when every part of the sum had history for it.
    private static OtherLoadForecast Sum(OtherLoadForecast a, OtherLoadForecast b) => new(
        a.Start,
        a.MedianW.Zip(b.MedianW, (x, y) => x + y).ToArray(),
        a.EnvelopeW.Zip(b.EnvelopeW, (x, y) => x + y).ToArray(),
        a.FromHistory.Zip(b.FromHistory, (x, y) => x && y).ToArray());

    private static OtherLoadForecast Cap(OtherLoadForecast f, long cap) => new(
        f.Start,
        f.MedianW.Select(w => Math.Min(w, cap)).ToArray(),
        f.EnvelopeW.Select(w => Math.Min(w, cap)).ToArray(),
        f.FromHistory);
}
