using Google.OrTools.LinearSolver;

namespace OliMove.Bench.Scheduling;

/// <summary>
/// The offline cost optimum with every arrival known in advance: an LP (OR-Tools GLOP, independent of the product's
/// code) over the whole month. Variables: each session's power in each period it is plugged in (0..6.6 kW) and the
/// month's peak; minimise energy at the period prices + demand charge × peak, with the aggregate limit per period,
/// the peak above every 15-minute average, each session at most its request, and the total delivered energy equal
/// to the figure it is compared at.
/// </summary>
internal static class CostOptimum
{
    public static (MonthlyBill Bill, double[] PeriodLoadW) Solve(IReadOnlyList<CaltechSession> sessions, long limitW, long maxW, double[] pricePerKWh,
        double demandChargePerKw, long deliveredUnits)
    {
        int periods = pricePerKWh.Length;
        var solver = Solver.CreateSolver("GLOP") ?? throw new InvalidOperationException("GLOP is not available");
        var peak = solver.MakeNumVar(0, limitW, "peak");
        var perPeriod = new List<Variable>[periods];
        for (int p = 0; p < periods; p++)
            perPeriod[p] = [];
        var objective = solver.Objective();
        var total = solver.MakeConstraint(deliveredUnits, deliveredUnits, "delivered");
        foreach (var s in sessions)
        {
            var own = solver.MakeConstraint(0, OnlineSimulator.Units(s.EnergyWh), "request " + s.Id);
            for (int p = s.ArrivalPeriod; p < s.DeparturePeriod; p++)
            {
                var x = solver.MakeNumVar(0, maxW, "");
                own.SetCoefficient(x, 1);
                total.SetCoefficient(x, 1);
                // W for one period → kWh: × 300 s / 3600 / 1000.
                objective.SetCoefficient(x, pricePerKWh[p] * CaltechData.PeriodSeconds / 3600.0 / 1000.0);
                perPeriod[p].Add(x);
            }
        }
        objective.SetCoefficient(peak, demandChargePerKw / 1000.0);
        objective.SetMinimization();
        for (int p = 0; p < periods; p++)
        {
            var limit = solver.MakeConstraint(0, limitW, "");
            foreach (var x in perPeriod[p])
                limit.SetCoefficient(x, 1);
        }
        for (int q = 0; q * 3 < periods; q++)
        {
            // sum of the quarter's three periods − 3 × peak ≤ 0
            var quarter = solver.MakeConstraint(double.NegativeInfinity, 0, "");
            quarter.SetCoefficient(peak, -3);
            for (int p = 3 * q; p < Math.Min(periods, 3 * q + 3); p++)
            {
                foreach (var x in perPeriod[p])
                    quarter.SetCoefficient(x, 1);
            }
        }
        var status = solver.Solve();
        if (status != Solver.ResultStatus.OPTIMAL)
            throw new InvalidOperationException($"the cost LP did not solve: {status}");
        var load = new double[periods];
        for (int p = 0; p < periods; p++)
            load[p] = perPeriod[p].Sum(x => x.SolutionValue());
        return (MonthlyBill.Of(load, pricePerKWh, demandChargePerKw), load);
    }
}
