using Google.OrTools.Graph;
using OliMove.Bench.Scheduling;

namespace OliMove.Bench.SiteEnergy;

/// <summary>
/// (c) The offline optimum that knows every arrival and the building's real load: the scheduling bench's max-flow
/// (<c>OfflineOptimum</c>: source → session → period → sink, OR-Tools) with each period's capacity the limit minus
/// the building then, and with a battery a chain of storage nodes (an LP solved as a max-flow, exact):
/// <code>
/// period p ─discharge ≤ P_out─▶ store p ─held ≤ usable─▶ store p−1 ─▶ … ─▶ store q ─charge ≤ P_in─▶ grid q ─▶ sink
///                                                            store 0 ─initial energy above the reserve─▶ sink
/// </code>
/// A unit of energy an EV gets at p from the battery was charged from the grid at some q ≤ p (within that
/// period's limit) or was in the battery at the start. Lossless, as the online runs. Units are watt-periods.
/// </summary>
internal static class SiteOfflineOptimum
{
    public static long DeliveredUnits(IReadOnlyList<CaltechSession> sessions, Func<int, long> capacityW, long maxW, BatterySpec? battery)
    {
        int periods = sessions.Max(s => s.DeparturePeriod) + 1;
        int source = 0, sink = 1, sessionBase = 2, periodBase = sessionBase + sessions.Count;
        int gridBase = periodBase + periods, storeBase = gridBase + periods;
        var flow = new MaxFlow();
        for (int i = 0; i < sessions.Count; i++)
        {
            var s = sessions[i];
            flow.AddArcWithCapacity(source, sessionBase + i, SiteSimulator.Units(s.EnergyWh));
            for (int p = s.ArrivalPeriod; p < s.DeparturePeriod; p++)
                flow.AddArcWithCapacity(sessionBase + i, periodBase + p, maxW);
        }
        for (int p = 0; p < periods; p++)
        {
            long cap = Math.Max(0, capacityW(p));
            if (battery is null)
            {
                flow.AddArcWithCapacity(periodBase + p, sink, cap);
                continue;
            }
            flow.AddArcWithCapacity(periodBase + p, gridBase + p, long.MaxValue / 4);
            flow.AddArcWithCapacity(gridBase + p, sink, cap);
            flow.AddArcWithCapacity(periodBase + p, storeBase + p, battery.MaxDischargeW);
            flow.AddArcWithCapacity(storeBase + p, gridBase + p, battery.MaxChargeW);
            if (p > 0)
                flow.AddArcWithCapacity(storeBase + p, storeBase + p - 1, SiteSimulator.Units(battery.CapacityWh - battery.ReserveWh));
        }
        if (battery is not null)
            flow.AddArcWithCapacity(storeBase, sink, SiteSimulator.Units(Math.Max(0, battery.InitialWh - battery.ReserveWh)));
        if (flow.Solve(source, sink) != MaxFlow.Status.OPTIMAL)
            throw new InvalidOperationException("max-flow did not solve");
        return flow.OptimalFlow();
    }
}
