using System.Globalization;
using OliMove.Edge.Prices;
using OliMove.Scheduling;
using OliMove.Scheduling.Baselines;

namespace OliMove.Bench.Scheduling;

/// <summary>
/// The month's electricity bill on the Caltech sessions (issue 20, docs/bench/cost.md): one aggregate limit, the
/// SCE TOU-EV-4 tariff of March 2019 (energy by time of day, demand charge on the month's peak 15-minute average),
/// for the allocator without signals (as soon as possible with pull-forward), plain EDF, the allocator with the
/// price signals (the peak so far tracked online from what was delivered) and the offline LP optimum at the same
/// delivered energy.
/// </summary>
internal static class CostBenchmark
{
    public static void Run(IReadOnlyList<CaltechSession> sessions, TimeOfUseTariff tariff, long limitW, bool co2, int[]? sweepKw)
    {
        int periods = OnlineSimulator.Periods(sessions);
        // Caltech times are local wall-clock times of the garage; the tariff's periods are local too.
        var prices = Enumerable.Range(0, periods + OnlineSimulator.HorizonCap)
            .Select(p => (double)tariff.PricePerKWhAtLocal(CaltechData.Origin.AddSeconds((long)p * CaltechData.PeriodSeconds))).ToArray();
        var pricesMicros = prices.Select(x => (long)Math.Round(x * 1_000_000)).ToArray();
        double demand = (double)tariff.DemandChargePerKw;
        long demandMicros = (long)Math.Round(tariff.DemandChargePerKw * 1_000_000m);
        long requested = sessions.Sum(s => OnlineSimulator.Units(s.EnergyWh));
        double Percent(long units) => 100.0 * units / requested;
        Console.WriteLine($"Caltech March 2019: {sessions.Count} sessions, {requested / 12 / 1000.0:F1} kWh requested; limit {limitW / 1000} kW; {tariff.Name}, demand charge {demand.ToString(CultureInfo.InvariantCulture)} /kW of the month's peak 15-min average.");
        Console.WriteLine();
        Console.WriteLine("| algorithm | delivered % | kWh | energy cost | peak kW | demand charge | bill | × optimum | run s |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|");

        var rows = new List<(string Name, long Delivered, MonthlyBill Bill, double Seconds)>();
        (OnlineRun Run, MonthlyBill Bill) Online(IChargingAlgorithm algorithm, Func<int, GroupSnapshot, EnergySignals>? signals, long[] load)
        {
            var run = OnlineSimulator.Run(sessions, limitW, algorithm, signals: signals, periodLoadW: load);
            return (run, MonthlyBill.Of(load.Select(x => (double)x).ToArray(), prices.Take(periods).ToArray(), demand));
        }

        var asapLoad = new long[periods];
        var asap = Online(new LayeredAllocator(), null, asapLoad);
        rows.Add(("allocator, no signals (ASAP + pull-forward)", asap.Run.DeliveredUnits, asap.Bill, asap.Run.Elapsed.TotalSeconds));
        var edfLoad = new long[periods];
        var edf = Online(new EarliestDeadlineFirst(), null, edfLoad);
        rows.Add(("plain EDF", edf.Run.DeliveredUnits, edf.Bill, edf.Run.Elapsed.TotalSeconds));

        var firstLoad = new long[periods];
        var first = Online(new LayeredAllocator(), PriceSignals(pricesMicros, demandMicros, firstLoad, 0), firstLoad);
        rows.Add(("allocator with price signals, no forecast", first.Run.DeliveredUnits, first.Bill, first.Run.Elapsed.TotalSeconds));
        // The product's forecast is the previous billing month's peak; the data hold one month only, so a month before
        // it is stood in for by the same month planned without a forecast (first pass): an optimistic forecast.
        long expectedPeak = PeakW(firstLoad);
        var costLoad = new long[periods];
        var cost = Online(new LayeredAllocator(), PriceSignals(pricesMicros, demandMicros, costLoad, expectedPeak), costLoad);
        rows.Add(($"allocator with price signals, expected peak {expectedPeak / 1000.0:F2} kW", cost.Run.DeliveredUnits, cost.Bill, cost.Run.Elapsed.TotalSeconds));

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var (optimum, _) = CostOptimum.Solve(sessions, limitW, OnlineSimulator.MaxW, prices.Take(periods).ToArray(), demand, cost.Run.DeliveredUnits);
        rows.Add(("offline optimum (LP), same energy as with signals", cost.Run.DeliveredUnits, optimum, clock.Elapsed.TotalSeconds));

        foreach (var (name, delivered, bill, seconds) in rows)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {Percent(delivered):F3} | {bill.EnergyKWh:F1} | {bill.EnergyCost:F2} | {bill.PeakKw:F2} | {bill.DemandCost:F2} | {bill.Total:F2} | {bill.Total / optimum.Total:F3} | {seconds:F1} |"));
        }

        if (co2)
            Co2(sessions, limitW, periods, asapLoad, Percent);
        if (sweepKw is not null)
            Sweep(sessions, sweepKw, pricesMicros, demandMicros, Percent);
    }

    /// <summary>
    /// The signals of each plan: the tariff's prices for its slots, the demand charge, the billing month's peak so far
    /// (the highest 15-minute average of the quarters already complete, from what was delivered) and the expected peak.
    /// </summary>
    public static Func<int, GroupSnapshot, EnergySignals> PriceSignals(long[] pricesMicros, long demandMicros, long[] load, long expectedPeakW) => (p, snapshot) =>
    {
        long peak = 0;
        for (int q = 0; 3 * q + 2 < p; q++)
            peak = Math.Max(peak, (load[3 * q] + load[3 * q + 1] + load[3 * q + 2]) / 3);
        return new EnergySignals(PlacementObjective.Cost, pricesMicros.Skip(p).Take(snapshot.HorizonSlots).ToArray(), null, null, demandMicros, peak, expectedPeakW);
    };

    /// <summary>The month's peak: the highest average over its 15-minute quarters (three periods from midnight).</summary>
    private static long PeakW(long[] load)
    {
        long peak = 0;
        for (int q = 0; 3 * q + 2 < load.Length; q++)
            peak = Math.Max(peak, (load[3 * q] + load[3 * q + 1] + load[3 * q + 2]) / 3);
        return peak;
    }

    /// <summary>
    /// A synthetic CO₂ intensity (no published series for Pasadena in March 2019 ships in a registry package): 380 g/kWh
    /// at night, down to 180 g/kWh at solar noon (13:00) on a half-sine from 07:00 to 19:00, and 420 g/kWh in the
    /// evening ramp from 18:00 to 22:00. Only its shape matters to the comparison.
    /// </summary>
    public static double SyntheticCo2(DateTime local)
    {
        double h = local.Hour + local.Minute / 60.0;
        double g = 380;
        if (h is >= 7 and < 19)
            g -= 200 * Math.Sin(Math.PI * (h - 7) / 12);
        if (h is >= 18 and < 22)
            g = 420;
        return Math.Round(g);
    }

    private static void Co2(IReadOnlyList<CaltechSession> sessions, long limitW, int periods, long[] asapLoad, Func<long, double> percent)
    {
        var grams = Enumerable.Range(0, periods + OnlineSimulator.HorizonCap)
            .Select(p => SyntheticCo2(CaltechData.Origin.AddSeconds((long)p * CaltechData.PeriodSeconds))).ToArray();
        var gramsLong = grams.Select(x => (long)x).ToArray();
        var load = new long[periods];
        var run = OnlineSimulator.Run(sessions, limitW, new LayeredAllocator(), periodLoadW: load, signals: (p, snapshot) =>
            new EnergySignals(PlacementObjective.Co2, null, null, gramsLong.Skip(p).Take(snapshot.HorizonSlots).ToArray(), 0, 0));
        // The same LP with CO₂ as the price (g/kWh counted as "per kWh") and no demand charge.
        var (optimum, _) = CostOptimum.Solve(sessions, limitW, OnlineSimulator.MaxW, grams.Take(periods).ToArray(), 0, run.DeliveredUnits);
        double Tonnes(long[] l) => MonthlyBill.Of(l.Select(x => (double)x).ToArray(), grams.Take(periods).ToArray(), 0).EnergyCost / 1e6;
        Console.WriteLine();
        Console.WriteLine("CO₂ (synthetic intensity, see SyntheticCo2), objective co2, no demand charge:");
        Console.WriteLine();
        Console.WriteLine("| algorithm | delivered % | t CO₂ | × optimum |");
        Console.WriteLine("|---|---:|---:|---:|");
        double best = optimum.EnergyCost / 1e6;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| allocator, no signals | see above | {Tonnes(asapLoad):F3} | {Tonnes(asapLoad) / best:F3} |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| allocator with CO₂ signal | {percent(run.DeliveredUnits):F3} | {Tonnes(load):F3} | {Tonnes(load) / best:F3} |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| offline optimum (LP), same energy | {percent(run.DeliveredUnits):F3} | {best:F3} | 1.000 |"));
    }

    /// <summary>
    /// Energy delivered with and without the price signals over a sweep of limits (the 24-limit sweep of
    /// docs/bench/scheduling.md): without a forecast, and with the first pass's peak at that limit as the expected peak.
    /// </summary>
    private static void Sweep(IReadOnlyList<CaltechSession> sessions, int[] kws, long[] pricesMicros, long demandMicros, Func<long, double> percent)
    {
        Console.WriteLine();
        Console.WriteLine("| kW | allocator % | with price signals, no forecast % | difference (points) | with price signals and the expected peak % | difference (points) |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|");
        double sumPlain = 0, sumFirst = 0, sumCost = 0, worstFirst = 0, worstCost = 0;
        foreach (int kw in kws)
        {
            var plain = OnlineSimulator.Run(sessions, kw * 1000L, new LayeredAllocator());
            var firstLoad = new long[OnlineSimulator.Periods(sessions)];
            var first = OnlineSimulator.Run(sessions, kw * 1000L, new LayeredAllocator(), periodLoadW: firstLoad, signals: PriceSignals(pricesMicros, demandMicros, firstLoad, 0));
            var load = new long[firstLoad.Length];
            var cost = OnlineSimulator.Run(sessions, kw * 1000L, new LayeredAllocator(), periodLoadW: load, signals: PriceSignals(pricesMicros, demandMicros, load, PeakW(firstLoad)));
            double a = percent(plain.DeliveredUnits), b = percent(first.DeliveredUnits), c = percent(cost.DeliveredUnits);
            sumPlain += a;
            sumFirst += b;
            sumCost += c;
            worstFirst = Math.Min(worstFirst, b - a);
            worstCost = Math.Min(worstCost, c - a);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {kw} | {a:F3} | {b:F3} | {b - a:+0.000;-0.000;0.000} | {c:F3} | {c - a:+0.000;-0.000;0.000} |"));
        }
        int n = kws.Length;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| mean | {sumPlain / n:F4} | {sumFirst / n:F4} | {(sumFirst - sumPlain) / n:+0.0000;-0.0000;0.0000} (worst {worstFirst:+0.000;-0.000;0.000}) | {sumCost / n:F4} | {(sumCost - sumPlain) / n:+0.0000;-0.0000;0.0000} (worst {worstCost:+0.000;-0.000;0.000}) |"));
    }
}
