namespace OliMove.Scheduling.Batteries;

/// <summary>
/// Raises the guaranteed capacity of each battery's circuit and of every circuit above it by the battery's
/// discharge series (a third per line where lines are limited, rounded down), as a discharging battery offsets
/// the load of its busbar and everything upstream.
/// </summary>
internal static class BatteryCapacity
{
    public static GroupSnapshot Augment(GroupSnapshot snapshot, IReadOnlyList<BatterySnapshot> batteries, IReadOnlyList<long[]> dischargeW)
    {
        var byId = snapshot.Circuits.ToDictionary(c => c.CircuitId, StringComparer.Ordinal);
        int h = snapshot.HorizonSlots;
        var extra = new Dictionary<string, long[]>(StringComparer.Ordinal);
        for (int b = 0; b < batteries.Count; b++)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (string? c = batteries[b].CircuitId; c is not null && seen.Add(c) && byId.TryGetValue(c, out var circuit); c = circuit.ParentId)
            {
                if (!extra.TryGetValue(c, out var add))
                    extra[c] = add = new long[h];
                for (int t = 0; t < h; t++)
                    add[t] += dischargeW[b][t];
            }
        }
        var circuits = snapshot.Circuits.Select(c =>
        {
            if (!extra.TryGetValue(c.CircuitId, out var add))
                return c;
            return c with
            {
                GuaranteedW = Sum(c.GuaranteedW, add, 1),
                PhaseGuaranteedW = c.PhaseGuaranteedW is { } p ? new PhaseSeries(Sum(p.L1, add, 3), Sum(p.L2, add, 3), Sum(p.L3, add, 3)) : null,
            };
        }).ToArray();
        return snapshot with { Circuits = circuits };
    }

    private static long[] Sum(IReadOnlyList<long> series, long[] add, int divisor)
    {
        var sum = new long[series.Count];
        for (int t = 0; t < sum.Length; t++)
            sum[t] = series[t] + (t < add.Length ? add[t] / divisor : 0);
        return sum;
    }
}
