namespace OliMove.Bench.ApiLoad;

/// <summary>Latencies in milliseconds, added from many tasks at once, read as percentiles at the end.</summary>
public sealed class LatencySamples
{
    private readonly List<double> _milliseconds = [];

    public int Count
    {
        get
        {
            lock (_milliseconds)
            {
                return _milliseconds.Count;
            }
        }
    }

    public void Add(double milliseconds)
    {
        lock (_milliseconds)
        {
            _milliseconds.Add(milliseconds);
        }
    }

    public void Add(TimeSpan elapsed) => Add(elapsed.TotalMilliseconds);

    /// <summary>The nearest-rank percentile (0 &lt; p ≤ 100), or null without samples.</summary>
    public double? Percentile(double p)
    {
        double[] sorted;
        lock (_milliseconds)
        {
            if (_milliseconds.Count == 0)
            {
                return null;
            }

            sorted = [.. _milliseconds];
        }

        Array.Sort(sorted);
        var rank = (int)Math.Ceiling(p / 100 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }

    public double? Max => Percentile(100);

    /// <summary>"p50 / p95 / p99 / max" in ms, for the report.</summary>
    public string Summary() => Count == 0
        ? "–"
        : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Percentile(50):0.#} / {Percentile(95):0.#} / {Percentile(99):0.#} / {Max:0.#}");
}
