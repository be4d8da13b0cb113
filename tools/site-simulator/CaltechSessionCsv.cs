using System.Globalization;

namespace OliMove.Tools.SiteSimulator;

/// <summary>Reads the flattened Caltech sessions (session_id,station_id,arrival_local,departure_local,energy_kwh).</summary>
public static class CaltechSessionCsv
{
    private const string Header = "session_id,station_id,arrival_local,departure_local,energy_kwh";

    public static IReadOnlyList<CaltechSession> Load(string path)
    {
        var lines = File.ReadAllLines(path);
        if (lines.Length == 0 || lines[0].Trim() != Header)
        {
            throw new FormatException($"{path}:1: expected the header '{Header}'");
        }

        var sessions = new List<CaltechSession>(lines.Length - 1);
        for (var i = 1; i < lines.Length; i++)
        {
            if (lines[i].Length == 0)
            {
                continue;
            }

            var fields = lines[i].Split(',');
            if (fields.Length != 5
                || !DateTime.TryParseExact(fields[2], "yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var arrival)
                || !DateTime.TryParseExact(fields[3], "yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var departure)
                || !double.TryParse(fields[4], NumberStyles.Float, CultureInfo.InvariantCulture, out var energy))
            {
                throw new FormatException($"{path}:{i + 1}: expected id,station,arrival,departure,kWh but got '{lines[i]}'");
            }

            if (departure <= arrival || energy < 0)
            {
                throw new FormatException($"{path}:{i + 1}: departure must follow arrival and energy must be >= 0");
            }

            sessions.Add(new CaltechSession(fields[0], fields[1], arrival, departure, energy));
        }

        return sessions;
    }
}
