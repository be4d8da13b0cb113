using System.Globalization;

namespace OliMove.Bench.Retention;

/// <summary>The bench's knobs (command line), with the defaults of a 1,000-charger site as the soak week saw it.</summary>
internal sealed record BenchSettings(int ChargePoints, int Days, int SampleSeconds, int RawDays, int PlanDays, int QuarterDays, int DeliveredDays, int BatchRows, string Directory, string Report, bool Resume, bool VerifyOnly)
{
    public const int ChargersPerGroup = 10;

    public int Groups => (ChargePoints + ChargersPerGroup - 1) / ChargersPerGroup;

    /// <summary>One line per simulated day, appended as the run goes (a resumed run continues it).</summary>
    public string DaysCsv => Path.ChangeExtension(Report, ".csv");

    /// <summary>Bytes per table and index (SQLite's dbstat) on some days: day, name, bytes.</summary>
    public string TablesCsv => Path.ChangeExtension(Report, ".tables.csv");

    public static BenchSettings Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var flags = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
            {
                throw new ArgumentException($"unexpected '{args[i]}'; options are --name value, --resume and --verify-only");
            }

            if (args[i] is "--resume" or "--verify-only")
            {
                flags.Add(args[i][2..]);
            }
            else if (i + 1 < args.Length)
            {
                values[args[i][2..]] = args[++i];
            }
            else
            {
                throw new ArgumentException($"{args[i]} needs a value");
            }
        }

        int Int(string name, int fallback) => values.TryGetValue(name, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
        return new BenchSettings(
            Int("charge-points", 1000), Int("days", 365), Int("sample-seconds", 300),
            Int("raw-days", 35), Int("plan-days", 14), Int("quarter-days", 400), Int("delivered-days", 7),
            Int("batch-rows", new OliMove.Edge.Retention.RetentionOptions().BatchRows),
            values.GetValueOrDefault("dir", Path.Combine(Path.GetTempPath(), "olimove-retention-bench")),
            values.GetValueOrDefault("report", "artifacts/retention/report.md"),
            flags.Contains("resume"), flags.Contains("verify-only"));
    }
}
