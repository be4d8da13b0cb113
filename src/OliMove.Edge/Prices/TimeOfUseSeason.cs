namespace OliMove.Edge.Prices;

/// <summary>
/// One season of a time-of-use tariff: from <paramref name="From"/> to <paramref name="To"/> (month and day, both
/// included; a season may run over the new year, e.g. 10-01 to 05-31) on the given days, these periods.
/// </summary>
public sealed record TimeOfUseSeason(string Id, (int Month, int Day) From, (int Month, int Day) To, TimeOfUseDays Days, IReadOnlyList<TimeOfUsePeriod> Periods)
{
    public bool Covers(DateOnly date) =>
        AppliesOn(date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday) && CoversMonthDay(date.Month, date.Day);

    public bool AppliesOn(bool weekend) =>
        Days == TimeOfUseDays.All || (Days == TimeOfUseDays.Weekends) == weekend;

    public bool CoversMonthDay(int month, int day)
    {
        int at = month * 100 + day, from = From.Month * 100 + From.Day, to = To.Month * 100 + To.Day;
        return from <= to ? at >= from && at <= to : at >= from || at <= to;
    }

    /// <summary>The price of the period that holds this local time of day (periods start at 00:00, rising).</summary>
    public decimal PriceAt(TimeOnly time)
    {
        decimal price = Periods[0].PricePerKWh;
        foreach (var period in Periods)
        {
            if (period.Start > time)
                break;
            price = period.PricePerKWh;
        }
        return price;
    }
}
