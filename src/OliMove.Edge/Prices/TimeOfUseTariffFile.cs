using System.Globalization;
using System.Text.Json;

namespace OliMove.Edge.Prices;

/// <summary>
/// Reads a time-of-use tariff file (JSON, docs/prices.md). Refused with the file and JSON path: a missing or unknown
/// time zone (local periods mean nothing without one), a season whose periods do not start at 00:00 or do not rise,
/// a date and day type that no season covers (a gap) or that two cover, and a negative or absurd price.
/// </summary>
public static class TimeOfUseTariffFile
{
    /// <summary>Above this a price per kWh is a unit mistake (cents for dollars), not a tariff.</summary>
    public const decimal MaxPricePerKWh = 10m;
    public const decimal MaxDemandChargePerKw = 10_000m;

    public static TimeOfUseTariff Read(string path) => Parse(File.ReadAllText(path), Path.GetFileName(path));

    public static TimeOfUseTariff Parse(string json, string source)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new PriceSignalFileException($"{source}: not valid JSON: {e.Message}");
        }
        using (doc)
        {
            var root = doc.RootElement;
            string name = Text(root, "name", source, "$");
            string currency = Text(root, "currency", source, "$");
            string zoneId = root.TryGetProperty("timeZone", out var z) && z.ValueKind == JsonValueKind.String ? z.GetString()! : "";
            if (zoneId.Length == 0)
                throw new PriceSignalFileException($"{source} $.timeZone: required (an IANA zone such as America/Los_Angeles): the periods are local times");
            TimeZoneInfo zone;
            try
            {
                zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
            }
            catch (TimeZoneNotFoundException)
            {
                throw new PriceSignalFileException($"{source} $.timeZone: unknown time zone '{zoneId}'");
            }
            decimal demand = root.TryGetProperty("demandChargePerKw", out var d) ? Number(d, source, "$.demandChargePerKw", MaxDemandChargePerKw) : 0m;
            if (!root.TryGetProperty("seasons", out var seasonsJson) || seasonsJson.ValueKind != JsonValueKind.Array || seasonsJson.GetArrayLength() == 0)
                throw new PriceSignalFileException($"{source} $.seasons: required, a non-empty array");
            var seasons = new List<TimeOfUseSeason>();
            int i = 0;
            foreach (var s in seasonsJson.EnumerateArray())
            {
                seasons.Add(Season(s, source, $"$.seasons[{i}]"));
                i++;
            }
            CheckCoverage(seasons, source);
            return new TimeOfUseTariff(name, currency, zone, demand, seasons);
        }
    }

    private static TimeOfUseSeason Season(JsonElement s, string source, string path)
    {
        string id = Text(s, "id", source, path);
        var from = MonthDay(Text(s, "from", source, path), source, path + ".from");
        var to = MonthDay(Text(s, "to", source, path), source, path + ".to");
        var days = Text(s, "days", source, path) switch
        {
            "all" => TimeOfUseDays.All,
            "weekdays" => TimeOfUseDays.Weekdays,
            "weekends" => TimeOfUseDays.Weekends,
            var other => throw new PriceSignalFileException($"{source} {path}.days: expected all, weekdays or weekends, got '{other}'"),
        };
        if (!s.TryGetProperty("periods", out var periodsJson) || periodsJson.ValueKind != JsonValueKind.Array || periodsJson.GetArrayLength() == 0)
            throw new PriceSignalFileException($"{source} {path}.periods: required, a non-empty array");
        var periods = new List<TimeOfUsePeriod>();
        int k = 0;
        foreach (var p in periodsJson.EnumerateArray())
        {
            string at = $"{path}.periods[{k}]";
            string startText = Text(p, "start", source, at);
            if (!TimeOnly.TryParseExact(startText, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var start))
                throw new PriceSignalFileException($"{source} {at}.start: expected HH:mm, got '{startText}'");
            if (k == 0 && start != TimeOnly.MinValue)
                throw new PriceSignalFileException($"{source} {at}.start: the first period must start at 00:00, got {startText} (a gap before it)");
            if (k > 0 && start <= periods[^1].Start)
                throw new PriceSignalFileException($"{source} {at}.start: {startText} is not after the period before it");
            if (!p.TryGetProperty("pricePerKWh", out var price))
                throw new PriceSignalFileException($"{source} {at}.pricePerKWh: required");
            periods.Add(new TimeOfUsePeriod(start, Number(price, source, at + ".pricePerKWh", MaxPricePerKWh)));
            k++;
        }
        return new TimeOfUseSeason(id, from, to, days, periods);
    }

    /// <summary>Every month-day of a leap year, on weekdays and on weekends, must be covered by exactly one season.</summary>
    private static void CheckCoverage(List<TimeOfUseSeason> seasons, string source)
    {
        for (var date = new DateOnly(2024, 1, 1); date.Year == 2024; date = date.AddDays(1))
        {
            foreach (bool weekend in new[] { false, true })
            {
                var covering = seasons.Where(s => s.AppliesOn(weekend) && s.CoversMonthDay(date.Month, date.Day)).ToList();
                string kind = weekend ? "weekends" : "weekdays";
                if (covering.Count == 0)
                    throw new PriceSignalFileException($"{source} $.seasons: no season covers {date:MM-dd} on {kind} (a gap)");
                if (covering.Count > 1)
                    throw new PriceSignalFileException($"{source} $.seasons: {date:MM-dd} on {kind} is covered by both '{covering[0].Id}' and '{covering[1].Id}'");
            }
        }
    }

    private static (int Month, int Day) MonthDay(string text, string source, string path)
    {
        if (!DateOnly.TryParseExact("2024-" + text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
            throw new PriceSignalFileException($"{source} {path}: expected MM-dd, got '{text}'");
        return (d.Month, d.Day);
    }

    private static string Text(JsonElement e, string name, string source, string path)
    {
        if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty(name, out var v) || v.ValueKind != JsonValueKind.String || v.GetString()!.Length == 0)
            throw new PriceSignalFileException($"{source} {path}.{name}: required, a non-empty string");
        return v.GetString()!;
    }

    private static decimal Number(JsonElement v, string source, string path, decimal max)
    {
        if (v.ValueKind != JsonValueKind.Number || !v.TryGetDecimal(out decimal x))
            throw new PriceSignalFileException($"{source} {path}: expected a number, got {v.ValueKind.ToString().ToLowerInvariant()}");
        if (x < 0)
            throw new PriceSignalFileException($"{source} {path}: negative ({x.ToString(CultureInfo.InvariantCulture)})");
        if (x > max)
            throw new PriceSignalFileException($"{source} {path}: {x.ToString(CultureInfo.InvariantCulture)} is above {max.ToString(CultureInfo.InvariantCulture)}, surely a unit mistake");
        return x;
    }
}
