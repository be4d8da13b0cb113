using System.Collections.Concurrent;
using OliMove.Edge.Hosting;
using OliMove.Modbus.Forecast;
using OliMove.Scheduling;
using OliMove.SiteMap.Topology;

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
            if (circuit is null || slotSeconds != (int)OtherLoadForecaster.SlotLength.TotalSeconds || measured.Now(circuit) is not { } measuredNow)
            {
                if (circuit is not null)
                {
                    _latest.TryRemove(circuit.Id, out _);
                }

                result.Add(snapshot);
                continue;
            }

            result.Add(Apply(snapshot, circuit, forecaster, measuredNow, slotStart, slotSeconds, now));
        }

        return result;
    }

    /// <summary>What the last plan of the circuit used: measured now and the forecast per slot; null when static.</summary>
    public OtherLoadOutlook? Latest(string circuitId) => _latest.GetValueOrDefault(circuitId);

    private CircuitSnapshot Apply(CircuitSnapshot snapshot, CircuitNode circuit, OtherLoadForecaster forecaster, MeasuredLoad load, DateTimeOffset slotStart, int slotSeconds, DateTimeOffset now)
    {
        var slots = snapshot.GuaranteedW.Count;
        var quarters = history.Quarters(circuit.Id);
        var total = forecaster.Forecast([.. quarters.Select(q => new OtherLoadQuarter(q.QuarterStart, q.MeanW, q.MaxW))], slotStart, load.TotalW, (long)Math.Ceiling(circuit.ReservedW), slots);
        var line = forecaster.Forecast([.. quarters.Select(q => new OtherLoadQuarter(q.QuarterStart, q.LineMeanW, q.LineMaxW))], slotStart, load.MaxPhaseW, (long)Math.Ceiling(circuit.ReservedW / 3), slots);

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
}
