using Google.OrTools.LinearSolver;

namespace OliMove.Scheduling.Tests;

/// <summary>
/// The independent check: is a set of guaranteed requests feasible on guaranteed capacity? Written as an LP for
/// OR-Tools GLOP (or, with the 6 A minimum, a MILP for SCIP with on/off variables), straight from the rules:
/// x[s,t] in [0, max] within the session's whole slots, Σt x[s,t] ≥ need in watt-slots, per circuit and slot the
/// subtree's sum within the guaranteed limit, per phase where phases are modelled (3-phase counts a third).
/// Shares no code with the product.
/// </summary>
internal static class LpOracle
{
    public static bool Feasible(GroupSnapshot snapshot, IEnumerable<SessionSnapshot> guaranteed, bool withMinimum)
    {
        var list = guaranteed.ToList();
        int h = snapshot.HorizonSlots;
        long slot = snapshot.SlotSeconds;
        using var solver = Solver.CreateSolver(withMinimum ? "SCIP" : "GLOP") ?? throw new InvalidOperationException("no solver");
        var x = new Variable?[list.Count, h];
        for (int i = 0; i < list.Count; i++)
        {
            var s = list[i];
            long min = Math.Max(s.ConnectorMinW, s.VehicleMinW);
            long max = Math.Min(s.ConnectorMaxW, s.VehicleMaxW);
            if (min > max)
                max = 0;
            long a = (long)Math.Ceiling((s.Arrival - snapshot.SlotStart).TotalSeconds / slot);
            long d = (long)Math.Floor((s.DeclaredDeparture!.Value - snapshot.SlotStart).TotalSeconds / slot);
            long needWh = Math.Max(0, s.EnergyRequestedWh!.Value - s.EnergyDeliveredWh);
            long need = (needWh * 3600 + slot - 1) / slot;
            var sum = new LinearExpr();
            for (int t = (int)Math.Max(0, a); t < Math.Min(h, d); t++)
            {
                var v = solver.MakeNumVar(0, max, $"x{i}_{t}");
                x[i, t] = v;
                sum += v;
                if (withMinimum && min > 0)
                {
                    var on = solver.MakeBoolVar($"on{i}_{t}");
                    solver.Add(v <= max * on);
                    solver.Add(v >= min * on);
                }
            }
            if (need > 0)
                solver.Add(sum >= need);
        }
        var circuits = snapshot.Circuits.ToDictionary(c => c.CircuitId);
        bool Under(string circuit, string ancestor)
        {
            for (string? c = circuit; c is not null; c = circuits[c].ParentId)
            {
                if (c == ancestor)
                    return true;
            }
            return false;
        }
        foreach (var c in snapshot.Circuits)
        {
            for (int t = 0; t < h; t++)
            {
                var total = new LinearExpr();
                var phase = new[] { new LinearExpr(), new LinearExpr(), new LinearExpr() };
                for (int i = 0; i < list.Count; i++)
                {
                    if (x[i, t] is not { } v || !Under(list[i].CircuitId, c.CircuitId))
                        continue;
                    total += v;
                    if (list[i].Phases == 1)
                        phase[list[i].Phase - 1] += 3 * v;
                    else
                    {
                        for (int k = 0; k < 3; k++)
                            phase[k] += v;
                    }
                }
                solver.Add(total <= c.GuaranteedW[t]);
                if (c.PhaseGuaranteedW is { } pg)
                {
                    for (int k = 0; k < 3; k++)
                        solver.Add(phase[k] <= 3 * pg.Of(k + 1)[t]);
                }
            }
        }
        var status = solver.Solve();
        return status == Solver.ResultStatus.OPTIMAL || status == Solver.ResultStatus.FEASIBLE;
    }
}
