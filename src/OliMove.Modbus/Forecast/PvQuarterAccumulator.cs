using OliMove.Modbus.Polling;

namespace OliMove.Modbus.Forecast;

/// <summary>
/// Folds each inverter's polls into 15-minute quarters (the forecaster's slots): the mean of the valid readings,
/// how many there were and how many polls in all. A quarter is handed back once a poll of a later quarter
/// arrives. Only an Ok reading with a measured power is valid; a failed or stale one counts as a poll without a
/// sample, so a quarter of failures is missing, never 0 W. Planning's "0 W now" for such a reading is
/// <see cref="PvReading.PlanningPowerW"/>'s business, not the history's (decision 0051).
/// </summary>
public sealed class PvQuarterAccumulator
{
    private readonly Dictionary<string, OpenQuarter> _open = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <summary>Adds one poll; returns the quarter it closed (empty when none). A poll older than the open quarter is ignored.</summary>
    public IReadOnlyList<PvQuarter> Add(PvReading reading)
    {
        ArgumentNullException.ThrowIfNull(reading);
        var start = PvForecaster.Floor(reading.Timestamp);
        var valid = reading.Status == PvReadingStatus.Ok && reading.MeasuredPowerW is { } w && double.IsFinite(w);
        lock (_gate)
        {
            PvQuarter? closed = null;
            if (_open.TryGetValue(reading.InverterId, out var open))
            {
                if (start < open.Start)
                {
                    return [];
                }

                if (start > open.Start)
                {
                    closed = open.ToQuarter(reading.InverterId);
                    open = new OpenQuarter(start);
                    _open[reading.InverterId] = open;
                }
            }
            else
            {
                open = new OpenQuarter(start);
                _open[reading.InverterId] = open;
            }

            open.Polls++;
            if (valid)
            {
                open.Sum += Math.Max(0, reading.MeasuredPowerW!.Value);
                open.Samples++;
            }

            return closed is null ? [] : [closed];
        }
    }

    /// <summary>Continues a quarter that a previous run stored unfinished (it stopped mid-quarter).</summary>
    public void Resume(PvQuarter partial)
    {
        ArgumentNullException.ThrowIfNull(partial);
        lock (_gate)
        {
            _open[partial.InverterId] = new OpenQuarter(partial.Start)
            {
                Sum = (partial.MeanPowerW ?? 0) * partial.SampleCount,
                Samples = partial.SampleCount,
                Polls = partial.PollCount,
            };
        }
    }

    /// <summary>The unfinished quarter of every inverter, as it stands (stored when the service stops).</summary>
    public IReadOnlyList<PvQuarter> OpenQuarters()
    {
        lock (_gate)
        {
            return [.. _open.OrderBy(o => o.Key, StringComparer.Ordinal).Select(o => o.Value.ToQuarter(o.Key))];
        }
    }

    private sealed class OpenQuarter(DateTimeOffset start)
    {
        public DateTimeOffset Start { get; } = start;

        public double Sum { get; set; }

        public int Samples { get; set; }

        public int Polls { get; set; }

        public PvQuarter ToQuarter(string inverterId) =>
            new(inverterId, Start, Samples == 0 ? null : Sum / Samples, Samples, Polls);
    }
}
