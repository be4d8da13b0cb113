namespace OliMove.Edge.Prices;

/// <summary>
/// A time-of-use import tariff as utilities publish it (data/tariffs/sce-tou-ev-4-2019-03.json): seasons by date
/// and day type, periods by local time of day, and a demand charge per kW of the billing month's peak. Prices are
/// looked up in the tariff's own time zone, so a daylight-saving change moves the periods with the local clock.
/// </summary>
public sealed record TimeOfUseTariff(string Name, string Currency, TimeZoneInfo TimeZone, decimal DemandChargePerKw, IReadOnlyList<TimeOfUseSeason> Seasons)
{
    public decimal PricePerKWhAt(DateTimeOffset instant) => PricePerKWhAtLocal(TimeZoneInfo.ConvertTime(instant, TimeZone).DateTime);

    /// <summary>The price at a local wall-clock time of the tariff's zone.</summary>
    public decimal PricePerKWhAtLocal(DateTime local)
    {
        var date = DateOnly.FromDateTime(local);
        // The reader proved that exactly one season covers every date and day type.
        var season = Seasons.First(s => s.Covers(date));
        return season.PriceAt(TimeOnly.FromDateTime(local));
    }
}
