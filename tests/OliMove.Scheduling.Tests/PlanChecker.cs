namespace OliMove.Scheduling.Tests;

/// <summary>An independent check of a plan against the snapshot's physical limits, written without the allocator's code.</summary>
internal static class PlanChecker
{
    /// <summary>Returns the first broken rule, or null.</summary>
    public static string? Violation(GroupSnapshot snapshot, GroupPlan plan)
    {
        var byId = snapshot.Sessions.ToDictionary(s => s.SessionId);
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
        foreach (var sp in plan.Sessions)
        {
            var s = byId[sp.SessionId];
            long min = Math.Max(s.ConnectorMinW, s.VehicleMinW);
            long max = Math.Min(s.ConnectorMaxW, s.VehicleMaxW);
            if (sp.PowerW.Count != snapshot.HorizonSlots)
                return $"{s.SessionId}: {sp.PowerW.Count} slots";
            for (int t = 0; t < sp.PowerW.Count; t++)
            {
                long p = sp.PowerW[t];
                if (p != 0 && (p < min || p > max))
                    return $"{s.SessionId} slot {t}: {p} W outside 0 or [{min}, {max}]";
                if (p % (3600 / snapshot.SlotSeconds) != 0)
                    return $"{s.SessionId} slot {t}: {p} W is not a whole number of Wh per slot";
                var slotStart = snapshot.SlotStart.AddSeconds((long)t * snapshot.SlotSeconds);
                if (p != 0 && s.Arrival > slotStart)
                    return $"{s.SessionId} slot {t}: charging before arrival";
            }
            if (sp.SetpointW != sp.PowerW[0])
                return $"{s.SessionId}: setpoint is not slot 0";
        }
        foreach (var c in snapshot.Circuits)
        {
            for (int t = 0; t < snapshot.HorizonSlots; t++)
            {
                long total = 0;
                var phase3 = new long[3];
                foreach (var sp in plan.Sessions)
                {
                    var s = byId[sp.SessionId];
                    if (!Under(s.CircuitId, c.CircuitId))
                        continue;
                    long p = sp.PowerW[t];
                    total += p;
                    if (s.Phases == 1)
                        phase3[s.Phase - 1] += 3 * p;
                    else
                    {
                        for (int k = 0; k < 3; k++)
                            phase3[k] += p;
                    }
                }
                if (total > c.GuaranteedW[t] + c.SurplusW[t])
                    return $"circuit {c.CircuitId} slot {t}: {total} W over {c.GuaranteedW[t] + c.SurplusW[t]} W";
                if (c.PhaseGuaranteedW is { } pg)
                {
                    for (int k = 0; k < 3; k++)
                    {
                        long limit3 = 3 * (pg.Of(k + 1)[t] + (c.PhaseSurplusW?.Of(k + 1)[t] ?? 0));
                        if (phase3[k] > limit3)
                            return $"circuit {c.CircuitId} slot {t} L{k + 1}: {phase3[k] / 3.0:F1} W over {limit3 / 3} W";
                    }
                }
            }
        }
        return null;
    }
}
