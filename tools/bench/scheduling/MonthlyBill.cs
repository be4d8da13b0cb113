namespace OliMove.Bench.Scheduling;

/// <summary>
/// A month's electricity bill from the aggregate power per 5-minute period: energy at each period's price plus the
/// demand charge on the highest 15-minute average (three periods from midnight), as SCE TOU-EV-4 bills it.
/// </summary>
internal sealed record MonthlyBill(double EnergyKWh, double EnergyCost, double PeakKw, double DemandCost)
{
    public double Total => EnergyCost + DemandCost;

    public static MonthlyBill Of(IReadOnlyList<double> periodLoadW, IReadOnlyList<double> pricePerKWh, double demandChargePerKw)
    {
        double kwh = 0, cost = 0, peak = 0;
        for (int p = 0; p < periodLoadW.Count; p++)
        {
            double e = periodLoadW[p] * CaltechData.PeriodSeconds / 3600.0 / 1000.0;
            kwh += e;
            cost += e * pricePerKWh[p];
        }
        for (int q = 0; q * 3 < periodLoadW.Count; q++)
        {
            double sum = 0;
            for (int p = 3 * q; p < Math.Min(periodLoadW.Count, 3 * q + 3); p++)
                sum += periodLoadW[p];
            peak = Math.Max(peak, sum / 3 / 1000.0);
        }
        return new MonthlyBill(kwh, cost, peak, peak * demandChargePerKw);
    }
}
