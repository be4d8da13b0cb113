using Google.OrTools.Graph;

namespace OliMove.Bench.Scheduling;

/// <summary>
/// The offline optimum with full knowledge of every arrival: a max-flow (OR-Tools, independent of the product's
/// own max-flow) source → session (its energy) → period (6.6 kW while plugged in) → sink (the aggregate limit).
/// Units are watt-periods, so the flow is integral and exact.
/// </summary>
internal static class OfflineOptimum
{
    public static long DeliveredUnits(IReadOnlyList<CaltechSession> sessions, long limitW, long maxW)
    {
        int periods = sessions.Max(s => s.DeparturePeriod) + 1;
        int source = 0, sink = 1, sessionBase = 2, periodBase = 2 + sessions.Count;
        var flow = new MaxFlow();
        for (int i = 0; i < sessions.Count; i++)
        {
            var s = sessions[i];
            flow.AddArcWithCapacity(source, sessionBase + i, OnlineSimulator.Units(s.EnergyWh));
            for (int p = s.ArrivalPeriod; p < s.DeparturePeriod; p++)
                flow.AddArcWithCapacity(sessionBase + i, periodBase + p, maxW);
        }
        for (int p = 0; p < periods; p++)
            flow.AddArcWithCapacity(periodBase + p, sink, limitW);
        if (flow.Solve(source, sink) != MaxFlow.Status.OPTIMAL)
            throw new InvalidOperationException("max-flow did not solve");
        return flow.OptimalFlow();
    }
}
