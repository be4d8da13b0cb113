using System.Globalization;

namespace OliMove.Edge.ReliabilityTests;

/// <summary>
/// Short form (CI, the default) or long form (<c>RELIABILITY_SCALE=long</c>; not OLIMOVE_*, which the service
/// binds as configuration and refuses when unknown), set by tools/reliability/run-long):
/// the same tests and assertions at a larger scale. Figures go to the report file either way.
/// </summary>
public static class ReliabilityScale
{
    public static bool IsLong => string.Equals(Environment.GetEnvironmentVariable("RELIABILITY_SCALE"), "long", StringComparison.OrdinalIgnoreCase);

    public static int KillCycles => IsLong ? 20 : 3;

    public static int StormCabinets => IsLong ? 20 : 5;

    public static int FuzzCases => IsLong ? 20_000 : 1_500;

    /// <summary>Appends one line of figures to artifacts/reliability/report.txt (the long form's docs come from it).</summary>
    public static void Report(string test, string figures)
    {
        var directory = Path.Combine(OliMove.Edge.Testing.EdgeTestHost.RepoRoot(), "artifacts", "reliability");
        Directory.CreateDirectory(directory);
        var line = string.Create(CultureInfo.InvariantCulture, $"{DateTimeOffset.UtcNow:u} [{(IsLong ? "long" : "short")}] {test}: {figures}{Environment.NewLine}");
        lock (typeof(ReliabilityScale))
        {
            File.AppendAllText(Path.Combine(directory, "report.txt"), line);
        }
    }
}
