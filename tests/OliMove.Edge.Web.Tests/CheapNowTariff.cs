using System.Globalization;
using System.Text;

namespace OliMove.Edge.WebTests;

/// <summary>
/// A time-of-use tariff written for the moment a test runs: the SCE TOU-EV-4 prices, the cheapest for the three hours
/// from now (UTC) and the dearest for the rest of the day, without a demand charge. With the SCE file itself the plan
/// depends on the hour and the day the test runs (on a weekend its prices are flat and the demand charge alone
/// decides, so a car may rightly wait for a later slot and meter nothing during the test); with this one the cheapest
/// slots are the first ones, so the car charges at once and its energy is priced, whatever the time.
/// </summary>
public static class CheapNowTariff
{
    public const double Cheapest = 0.05623;
    public const double Dearest = 0.26668;

    /// <summary>Writes the tariff to a new temporary file and returns its path.</summary>
    public static string Write(DateTimeOffset now)
    {
        var cheapFrom = now.UtcDateTime.Hour;
        var periods = string.Join(", ", Enumerable.Range(0, 24).Select(hour =>
        {
            var cheap = ((hour - cheapFrom + 24) % 24) < 3;
            return string.Create(CultureInfo.InvariantCulture, $$"""{ "start": "{{hour:00}}:00", "pricePerKWh": {{(cheap ? Cheapest : Dearest)}} }""");
        }));
        var json = new StringBuilder()
            .Append("""{ "name": "Cheap now", "effective": "2019-03-01", "currency": "USD", "timeZone": "UTC", "demandChargePerKw": 0, "seasons": [ """)
            .Append("""{ "id": "all-year", "from": "01-01", "to": "12-31", "days": "all", "periods": [ """).Append(periods).Append(" ] } ] }")
            .ToString();
        var path = Path.Combine(Path.GetTempPath(), "olimove-cheap-now-" + Guid.NewGuid().ToString("N") + ".json");
        File.WriteAllText(path, json);
        return path;
    }
}
