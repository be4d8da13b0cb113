using System.Globalization;

namespace OliMove.Tools.Soak;

/// <summary>
/// Generates the week of one charge point from a seed: its usage (6 in 10 workplace, 2 overnight, 2 retail)
/// and, day by day, the visits that usage brings, never overlapping, each with a car of 40–85 kWh at 10–60 %
/// state of charge drawing at most 7.4 or 11 kW. Deterministic for a seed and a charge point.
/// </summary>
public static class VisitSchedule
{
    private static readonly TimeSpan Changeover = TimeSpan.FromMinutes(10);

    public static ChargePointUsage UsageOf(int index) => (index % 10) switch
    {
        < 6 => ChargePointUsage.Workplace,
        < 8 => ChargePointUsage.Overnight,
        _ => ChargePointUsage.Retail,
    };

    /// <summary>The visits of charge point <paramref name="index"/> that arrive within [from, to).</summary>
    public static IReadOnlyList<SoakVisit> For(string chargePointId, int index, int seed, DateTimeOffset from, DateTimeOffset to)
    {
        var random = new Random(HashCode.Combine(seed, index));
        var usage = UsageOf(index);
        var visits = new List<SoakVisit>();
        var free = from;
        for (var day = new DateTimeOffset(from.UtcDateTime.Date, TimeSpan.Zero); day < to; day = day.AddDays(1))
        {
            var weekend = day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;
            foreach (var (arrival, stay) in Stays(usage, weekend, day, random))
            {
                if (arrival < free || arrival < from || arrival >= to)
                {
                    continue;
                }

                var car = Car(random);
                visits.Add(new SoakVisit(arrival, arrival + stay, car.CapacityWh, car.SoC, car.MaxPowerW,
                    string.Create(CultureInfo.InvariantCulture, $"{chargePointId}-V{visits.Count + 1}")));
                free = arrival + stay + Changeover;
            }
        }

        return visits;
    }

    private static IEnumerable<(DateTimeOffset Arrival, TimeSpan Stay)> Stays(ChargePointUsage usage, bool weekend, DateTimeOffset day, Random random)
    {
        switch (usage)
        {
            case ChargePointUsage.Workplace:
                if (random.NextDouble() < (weekend ? 0.15 : 0.85))
                {
                    yield return (day + Between(random, 7, 10), Hours(random, 6, 9.5));
                }

                break;
            case ChargePointUsage.Overnight:
                if (random.NextDouble() < 0.8)
                {
                    var arrival = day + Between(random, 17, 21.5);
                    var departure = day.AddDays(1) + Between(random, 6.5, 8.5);
                    yield return (arrival, departure - arrival);
                }

                break;
            case ChargePointUsage.Retail:
                var at = day + Between(random, 9, 11);
                for (var n = random.Next(0, 5); n > 0 && at.Hour < 20; n--)
                {
                    var stay = Hours(random, 0.5, 2.5);
                    yield return (at, stay);
                    at += stay + Changeover + Hours(random, 0, 2);
                }

                break;
        }
    }

    private static (double CapacityWh, double SoC, double MaxPowerW) Car(Random random) =>
        (Math.Round(40_000 + random.NextDouble() * 45_000), Math.Round(10 + random.NextDouble() * 50, 1), random.NextDouble() < 0.3 ? 7_400 : 11_000);

    private static TimeSpan Between(Random random, double fromHour, double toHour) =>
        TimeSpan.FromMinutes(Math.Round((fromHour + random.NextDouble() * (toHour - fromHour)) * 60));

    private static TimeSpan Hours(Random random, double min, double max) => TimeSpan.FromMinutes(Math.Round((min + random.NextDouble() * (max - min)) * 60));
}
