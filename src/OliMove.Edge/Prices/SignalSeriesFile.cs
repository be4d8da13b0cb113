using System.Globalization;
using System.Text.Json;

namespace OliMove.Edge.Prices;

/// <summary>
/// Reads a signal series (docs/prices.md) from CSV (<c>start,pricePerKWh</c> or <c>start,gramsPerKWh</c>, one row
/// per interval) or JSON (<c>{"points":[{"start":..., "value":...}]}</c>). Every start needs an explicit offset
/// (2019-03-04T08:00:00-08:00 or ...Z): a local time without one means a different hour on another machine. The
/// intervals must be equal and follow one another without a gap or overlap; values must be numbers in the kind's
/// range (no negative price: the allocator would pay to charge). A refusal names the source and the row (CSV line
/// number) or JSON path, and nothing of the file is used.
/// </summary>
public static class SignalSeriesFile
{
    public static SignalSeries Read(string path, SignalKind kind) => Parse(File.ReadAllText(path), Path.GetFileName(path), kind);

    /// <summary>Parses the text of a file or HTTP answer: JSON when it starts with '{', CSV otherwise.</summary>
    public static SignalSeries Parse(string text, string source, SignalKind kind)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.TrimStart().StartsWith('{') ? ParseJson(text, source, kind) : ParseCsv(text, source, kind);
    }

    public static string ColumnOf(SignalKind kind) => kind == SignalKind.Co2 ? "gramsPerKWh" : "pricePerKWh";

    public static decimal MaxOf(SignalKind kind) => kind == SignalKind.Co2 ? 5_000m : TimeOfUseTariffFile.MaxPricePerKWh;

    private static SignalSeries ParseCsv(string text, string source, SignalKind kind)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        string expected = "start," + ColumnOf(kind);
        if (lines.Length == 0 || lines[0].Trim() != expected)
            throw new PriceSignalFileException($"{source} row 1: expected the header '{expected}', got '{(lines.Length > 0 ? lines[0].Trim() : "")}'");
        var points = new List<(DateTimeOffset Start, decimal Value, string Where)>();
        for (int i = 1; i < lines.Length; i++)
        {
            string line = lines[i].Trim();
            if (line.Length == 0)
                continue;
            string where = $"{source} row {i + 1}";
            var fields = line.Split(',');
            if (fields.Length != 2)
                throw new PriceSignalFileException($"{where}: expected 2 fields (start,{ColumnOf(kind)}), got {fields.Length}");
            if (!decimal.TryParse(fields[1].Trim(), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out decimal value))
                throw new PriceSignalFileException($"{where}: '{fields[1].Trim()}' is not a number");
            points.Add((Time(fields[0].Trim(), where), value, where));
        }
        return Build(points, source, kind);
    }

    private static SignalSeries ParseJson(string text, string source, SignalKind kind)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(text);
        }
        catch (JsonException e)
        {
            throw new PriceSignalFileException($"{source}: not valid JSON: {e.Message}");
        }
        using (doc)
        {
            if (!doc.RootElement.TryGetProperty("points", out var array) || array.ValueKind != JsonValueKind.Array)
                throw new PriceSignalFileException($"{source} $.points: required, an array of {{\"start\", \"value\"}}");
            var points = new List<(DateTimeOffset Start, decimal Value, string Where)>();
            int i = 0;
            foreach (var p in array.EnumerateArray())
            {
                string where = $"{source} $.points[{i}]";
                if (p.ValueKind != JsonValueKind.Object || !p.TryGetProperty("start", out var start) || start.ValueKind != JsonValueKind.String)
                    throw new PriceSignalFileException($"{where}.start: required, an ISO 8601 time with an offset");
                if (!p.TryGetProperty("value", out var v) || v.ValueKind != JsonValueKind.Number || !v.TryGetDecimal(out decimal value))
                    throw new PriceSignalFileException($"{where}.value: required, a number");
                points.Add((Time(start.GetString()!, where), value, where));
                i++;
            }
            return Build(points, source, kind);
        }
    }

    private static SignalSeries Build(List<(DateTimeOffset Start, decimal Value, string Where)> points, string source, SignalKind kind)
    {
        if (points.Count == 0)
            throw new PriceSignalFileException($"{source}: no values");
        decimal max = MaxOf(kind);
        foreach (var (_, value, where) in points)
        {
            if (value < 0)
                throw new PriceSignalFileException($"{where}: negative {ColumnOf(kind)} ({value.ToString(CultureInfo.InvariantCulture)})");
            if (value > max)
                throw new PriceSignalFileException($"{where}: {value.ToString(CultureInfo.InvariantCulture)} {ColumnOf(kind)} is above {max.ToString(CultureInfo.InvariantCulture)}, surely a unit mistake");
        }
        // One value alone has no interval to read: an hour, the coarsest that day-ahead markets publish.
        var interval = points.Count > 1 ? points[1].Start - points[0].Start : TimeSpan.FromHours(1);
        if (interval <= TimeSpan.Zero || interval > TimeSpan.FromDays(1) || TimeSpan.FromHours(1).Ticks % interval.Ticks != 0 && interval.Ticks % TimeSpan.FromHours(1).Ticks != 0)
            throw new PriceSignalFileException($"{points[1].Where}: the interval {interval} after the first start must be positive, at most a day, and divide or be a multiple of an hour");
        for (int i = 1; i < points.Count; i++)
        {
            var step = points[i].Start - points[i - 1].Start;
            if (step > interval)
                throw new PriceSignalFileException($"{points[i].Where}: a gap: {points[i].Start:O} comes {step} after the row before, the interval is {interval}");
            if (step != interval)
                throw new PriceSignalFileException($"{points[i].Where}: {points[i].Start:O} comes {step} after the row before, the interval is {interval} (out of order or overlapping)");
        }
        return new SignalSeries(points[0].Start.ToUniversalTime(), interval, points.Select(p => p.Value).ToArray());
    }

    private static DateTimeOffset Time(string text, string where)
    {
        // An offset (or Z) is required: a local time would mean another instant on a machine in another zone.
        bool hasOffset = text.EndsWith('Z') || (text.Length > 6 && (text[^6] == '+' || text[^6] == '-') && text[^3] == ':');
        if (!hasOffset)
            throw new PriceSignalFileException($"{where}: '{text}' has no time zone offset (write e.g. 2019-03-04T08:00:00-08:00 or 2019-03-04T16:00:00Z)");
        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var t))
            throw new PriceSignalFileException($"{where}: '{text}' is not an ISO 8601 time");
        return t;
    }
}
