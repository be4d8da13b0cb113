namespace OliMove.Edge.ReliabilityTests;

/// <summary>
/// A busy hour on one-connector chargers, made from a seed so that two services can be fed exactly the same
/// messages: each charger has visit after visit (status, start, a meter sample every 5 minutes with energy
/// register, power and SoC, stop, status), its register counting on from visit to visit. Steps are in time order.
/// </summary>
public static class BusyHourScript
{
    public static IReadOnlyList<BusyHourStep> Create(IReadOnlyList<string> chargePointIds, DateTimeOffset hourStart, int seed)
    {
        var random = new Random(seed);
        var steps = new List<BusyHourStep>();
        var hourEnd = hourStart.AddHours(1);
        foreach (var id in chargePointIds)
        {
            var registerWh = (long)random.Next(10_000, 500_000);
            var t = hourStart.AddSeconds(random.Next(0, 15 * 60));
            for (var visit = 1; t < hourEnd; visit++)
            {
                var soc = random.Next(10, 60);
                var basePowerW = random.Next(4_000, 11_000);
                steps.Add(new BusyHourStep(t, id, "StatusNotification", Status: "Preparing"));
                steps.Add(new BusyHourStep(t.AddSeconds(2), id, "StartTransaction", IdTag: $"TAG-{id}-{visit}", RegisterWh: registerWh));
                steps.Add(new BusyHourStep(t.AddSeconds(3), id, "StatusNotification", Status: "Charging"));
                var minutes = random.Next(15, 50);
                for (var m = 5; m < minutes; m += 5)
                {
                    var powerW = Math.Min(11_000, basePowerW + random.Next(-1_500, 1_500));
                    registerWh += powerW * 5 / 60;
                    soc = Math.Min(100, soc + (int)(powerW * 5 / 60 / 600)); // a 60 kWh battery
                    steps.Add(new BusyHourStep(t.AddMinutes(m), id, "MeterValues", RegisterWh: registerWh, PowerW: powerW, SocPercent: soc));
                }

                var stop = t.AddMinutes(minutes);
                registerWh += basePowerW * (minutes % 5) / 60;
                steps.Add(new BusyHourStep(stop, id, "StopTransaction", RegisterWh: registerWh));
                steps.Add(new BusyHourStep(stop.AddSeconds(1), id, "StatusNotification", Status: "Available"));
                t = stop.AddSeconds(random.Next(2 * 60, 12 * 60));
            }
        }

        // Stable: two steps at one instant keep their charger's order.
        return [.. steps.Select((s, i) => (s, i)).OrderBy(x => x.s.At).ThenBy(x => x.i).Select(x => x.s)];
    }
}
