using System.Globalization;

namespace OliMove.Edge.Verification;

/// <summary>
/// The names of the daily slot archive files: <c>slots-YYYY-MM-DD.tar.gz</c> holds the plans of the slots that start on
/// that UTC day; <c>slots-YYYY-MM-DD-N.tar.gz</c> (N = 2, 3, …) holds plans of that day found after the first file.
/// </summary>
public static class SlotArchiveFiles
{
    private const string Prefix = "slots-";
    private const string Suffix = ".tar.gz";

    /// <summary>The file name of a day's <paramref name="part"/> (1 for the first file).</summary>
    public static string NameOf(DateTimeOffset day, int part) =>
        Prefix + day.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + (part > 1 ? $"-{part.ToString(CultureInfo.InvariantCulture)}" : "") + Suffix;

    /// <summary>Every archive file in <paramref name="directory"/> with its UTC day, by day then name; none when the folder is absent.</summary>
    public static IReadOnlyList<(DateTimeOffset Day, string Path)> List(string directory)
    {
        if (!Directory.Exists(directory))
        {
            return [];
        }

        var files = new List<(DateTimeOffset, string)>();
        foreach (var path in Directory.EnumerateFiles(directory, Prefix + "*" + Suffix))
        {
            var name = Path.GetFileName(path);
            if (name.Length >= Prefix.Length + 10
                && DateTime.TryParseExact(name.AsSpan(Prefix.Length, 10), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var day))
            {
                files.Add((new DateTimeOffset(day, TimeSpan.Zero), path));
            }
        }

        return [.. files.OrderBy(f => f.Item1).ThenBy(f => f.Item2.Length).ThenBy(f => f.Item2, StringComparer.Ordinal)];
    }

    /// <summary>The files of one UTC day.</summary>
    public static IReadOnlyList<string> OfDay(string directory, DateTimeOffset day) =>
        [.. List(directory).Where(f => f.Day == day).Select(f => f.Path)];
}
