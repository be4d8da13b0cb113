using OliMove.Modbus.Forecast;
using OliMove.Modbus.Polling;

namespace OliMove.Edge.Planning;

/// <summary>
/// PV for planning: slot 0 is the live reading (0 W when failed or stale, never the last good value), later
/// slots the forecast from the recent history. Also the poller's sink: it keeps that history, binned by the
/// forecaster, 14 days deep.
/// </summary>
public sealed class PvSurplusSource(PvLiveState liveState, PvForecaster forecaster) : IPvSurplusSource, IPvReadingSink
{
    private static readonly TimeSpan HistoryDepth = TimeSpan.FromDays(14);
    private readonly Dictionary<string, List<PvSample>> _history = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public Task StoreAsync(PvReading reading, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_history.TryGetValue(reading.InverterId, out var samples))
            {
                _history[reading.InverterId] = samples = [];
            }

            samples.Add(new PvSample(reading.Timestamp, reading.PlanningPowerW));
            var cutoff = reading.Timestamp - HistoryDepth;
            var drop = samples.FindIndex(s => s.Timestamp >= cutoff);
            if (drop > 0)
            {
                samples.RemoveRange(0, drop);
            }
        }

        return Task.CompletedTask;
    }

    public IReadOnlyList<long> SurplusW(IReadOnlyList<string> inverterIds, DateTimeOffset slotStart, int horizonSlots, DateTimeOffset now)
    {
        var result = new long[horizonSlots];
        if (horizonSlots == 0)
        {
            return result;
        }

        result[0] = (long)Math.Floor(liveState.PlanningPowerW(inverterIds, now));
        foreach (var inverterId in inverterIds)
        {
            List<PvSample> history;
            lock (_gate)
            {
                history = _history.TryGetValue(inverterId, out var h) ? [.. h] : [];
            }

            if (history.Count == 0)
            {
                continue;
            }

            var forecast = forecaster.Forecast(history, slotStart);
            for (var slot = 1; slot < horizonSlots && slot < forecast.PowerW.Count; slot++)
            {
                result[slot] += (long)Math.Floor(Math.Max(0, forecast.PowerW[slot]));
            }
        }

        return result;
    }
}
