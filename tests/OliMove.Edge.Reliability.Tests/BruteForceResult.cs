using System.Globalization;

namespace OliMove.Edge.ReliabilityTests;

/// <summary>What a <see cref="BruteForceRun"/> saw: the chargers' round trips (ms) before and during the flood, and each attempt's HTTP status (0 = no answer).</summary>
public sealed record BruteForceResult(List<double> BaselineMs, List<double> DuringMs, List<(string Kind, int Status)> Outcomes, string LoadAverage)
{
    public static double Percentile(List<double> samples, double p)
    {
        var sorted = samples.Order().ToList();
        return sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
    }

    public int Count(string kind, int status) => Outcomes.Count(o => o.Kind == kind && o.Status == status);

    public string Figures() => string.Create(CultureInfo.InvariantCulture,
        $"heartbeat ms baseline median {Percentile(BaselineMs, 0.5):0.0} p95 {Percentile(BaselineMs, 0.95):0.0} max {BaselineMs.Max():0.0} (n={BaselineMs.Count}); " +
        $"during median {Percentile(DuringMs, 0.5):0.0} p95 {Percentile(DuringMs, 0.95):0.0} max {DuringMs.Max():0.0} (n={DuringMs.Count}); " +
        $"keys {Summary("key")}; passwords {Summary("password")}; loadavg before {LoadAverage}");

    private string Summary(string kind) => string.Join(" ", Outcomes.Where(o => o.Kind == kind).GroupBy(o => o.Status).OrderBy(g => g.Key).Select(g => $"{g.Key}x{g.Count()}"));
}
