using System.Globalization;

namespace OliMove.Bench.Scheduling;

/// <summary>
/// Loads data/acn-caltech/caltech_2019-03_sessions.csv (954 sessions, March 2019; see SOURCE.txt there for the
/// origin, licence and the caveat about published figures). Times are local and aligned to 5 minutes; only their
/// differences matter here.
/// </summary>
internal static class CaltechData
{
    public const int PeriodSeconds = 300;
    public static readonly DateTime Origin = new(2019, 3, 1, 0, 0, 0, DateTimeKind.Unspecified);

    public static string FindFile(string? given)
    {
        if (given is not null)
            return given;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var path = Path.Combine(dir.FullName, "data", "acn-caltech", "caltech_2019-03_sessions.csv");
            if (File.Exists(path))
                return path;
        }
        throw new FileNotFoundException("data/acn-caltech/caltech_2019-03_sessions.csv not found above " + AppContext.BaseDirectory + "; pass --data <file>");
    }

    public static IReadOnlyList<CaltechSession> Load(string path)
    {
        var sessions = new List<CaltechSession>();
        foreach (var line in File.ReadLines(path).Skip(1))
        {
            if (line.Length == 0)
                continue;
            var f = line.Split(',');
            var arrival = DateTime.ParseExact(f[2], "yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
            var departure = DateTime.ParseExact(f[3], "yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
            long wh = (long)Math.Round(decimal.Parse(f[4], CultureInfo.InvariantCulture) * 1000m, MidpointRounding.ToEven);
            sessions.Add(new CaltechSession(f[0], Period(arrival), Period(departure), wh));
        }
        return sessions;
    }

    private static int Period(DateTime t) => (int)((t - Origin).Ticks / (TimeSpan.TicksPerSecond * PeriodSeconds));
}
