using System.Globalization;

namespace OliMove.Bench.Retention;

/// <summary>The bench's knobs (command line), with the defaults of a 1,000-charger site as the soak week saw it.</summary>
internal sealed record BenchSettings(int ChargePoints, int Days, int SampleSeconds, int RawDays, int PlanDays, int QuarterDays, int DeliveredDays, string Directory, string Report)
{
    public const int ChargersPerGroup = 10;

    public int Groups => (ChargePoints + ChargersPerGroup - 1) / ChargersPerGroup;

    public static BenchSettings Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
            {
                throw new ArgumentException($"unexpected '{args[i]}'; options are --name value");
            }

            values[args[i][2..]] = args[i + 1];
        }

        int Int(string name, int fallback) => values.TryGetValue(name, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
        return new BenchSettings(
            Int("charge-points", 1000), Int("days", 365), Int("sample-seconds", 300),
            Int("raw-days", 35), Int("plan-days", 14), Int("quarter-days", 400), Int("delivered-days", 7),
            values.GetValueOrDefault("dir", Path.Combine(Path.GetTempPath(), "olimove-retention-bench")),
            values.GetValueOrDefault("report", "artifacts/retention/report.md"));
    }
}
