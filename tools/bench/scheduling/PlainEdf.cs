namespace OliMove.Bench.Scheduling;

/// <summary>Plain greedy earliest-deadline-first, every period, at full EV rate: the baseline from the issue.</summary>
internal static class PlainEdf
{
    public static long DeliveredUnits(IReadOnlyList<CaltechSession> sessions, long limitW, long maxW)
    {
        int periods = sessions.Max(s => s.DeparturePeriod) + 1;
        var left = sessions.Select(s => QualityBenchmark.Units(s.EnergyWh)).ToArray();
        var byArrival = Enumerable.Range(0, sessions.Count).OrderBy(i => sessions[i].ArrivalPeriod).ToArray();
        var present = new List<int>();
        int next = 0;
        long delivered = 0;
        for (int p = 0; p < periods; p++)
        {
            while (next < byArrival.Length && sessions[byArrival[next]].ArrivalPeriod <= p)
                present.Add(byArrival[next++]);
            present.RemoveAll(i => sessions[i].DeparturePeriod <= p);
            present.Sort((a, b) => sessions[a].DeparturePeriod != sessions[b].DeparturePeriod
                ? sessions[a].DeparturePeriod.CompareTo(sessions[b].DeparturePeriod)
                : a.CompareTo(b));
            long cap = limitW;
            foreach (int i in present)
            {
                long give = Math.Min(Math.Min(maxW, left[i]), cap);
                left[i] -= give;
                cap -= give;
                delivered += give;
            }
        }
        return delivered;
    }
}
