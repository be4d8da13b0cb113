using OliMove.Modbus.Forecast;
using OliMove.Modbus.Polling;

namespace OliMove.Edge.Planning;

/// <summary>
/// PV for planning: slot 0 is the live reading (0 W when failed or stale, never the last good value), later
/// slots the forecast from each inverter's history of 15-minute quarters (a missing quarter is NaN, never 0 W),
/// kept as deep as the forecaster looks back. The history is fed by <see cref="Hosting.PvHistoryRecorder"/>,
/// which also stores it and rebuilds it here on start (decision 0052).
/// </summary>
public sealed class PvSurplusSource(PvLiveState liveState, PvForecaster forecaster) : IPvSurplusSource
{
    private readonly Dictionary<string, SortedList<DateTimeOffset, PvSample>> _history = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <summary>Adds finished quarters (a quarter already held is replaced) and drops those beyond the forecaster's window.</summary>
    public void AddQuarters(IEnumerable<PvQuarter> quarters)
    {
        ArgumentNullException.ThrowIfNull(quarters);
        lock (_gate)
        {
            foreach (var quarter in quarters)
            {
                if (!_history.TryGetValue(quarter.InverterId, out var samples))
                {
                    _history[quarter.InverterId] = samples = [];
                }

                samples[quarter.Start] = quarter.ToSample();
                var cutoff = samples.Keys[^1] - forecaster.HistoryWindow;
                while (samples.Count > 0 && samples.Keys[0] < cutoff)
                {
                    samples.RemoveAt(0);
                }
            }
        }
    }

    /// <summary>The inverter's history as the forecaster gets it: one sample per quarter, NaN where missing.</summary>
    public IReadOnlyList<PvSample> History(string inverterId)
    {
        lock (_gate)
        {
            return _history.TryGetValue(inverterId, out var samples) ? [.. samples.Values] : [];
        }
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
            var history = History(inverterId);
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
