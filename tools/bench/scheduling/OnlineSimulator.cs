using System.Diagnostics;
using OliMove.Scheduling;

namespace OliMove.Bench.Scheduling;

/// <summary>
/// The simulator of the Caltech quality sweep (issue 4): one aggregate limit, 5-minute periods, 6.6 kW per EV, no
/// minimum current. Any <see cref="IChargingAlgorithm"/> (the allocator, plain EDF, plain LLF) runs online through
/// it, acnportal style: re-planned at every arrival and departure, each EV draws what it is offered between events;
/// the algorithm knows each present EV's departure and energy (as acnportal's experiments do) but nothing of
/// future arrivals. Every plan's load is checked against the limit.
/// </summary>
internal static class OnlineSimulator
{
    public const long MaxW = 6600;
    public const int HorizonCap = 288; // 24 h of 5-minute periods

    /// <summary>Watt-periods in a number of watt-hours (a period is 300 s, so exactly 12 per Wh).</summary>
    public static long Units(long wh) => wh * 3600 / CaltechData.PeriodSeconds;

    /// <param name="admission">Every arriving session first asks <see cref="AdmissionControl"/> for a guarantee (and
    /// takes the counter-offer when refused); only the allocator acts on the accepted flag.</param>
    /// <param name="observe">Sees every snapshot planned, before it is planned.</param>
    /// <param name="signals">Given the period and the snapshot, the price signals to plan it with (cost benchmark).</param>
    /// <param name="periodLoadW">Filled with the aggregate power delivered in each period (its length: the month's periods).</param>
    /// <summary>Periods of the month: the last departure's period and the one before it.</summary>
    public static int Periods(IReadOnlyList<CaltechSession> sessions) => sessions.Max(s => s.DeparturePeriod) + 1;

    public static OnlineRun Run(IReadOnlyList<CaltechSession> sessions, long limitW, IChargingAlgorithm algorithm, bool admission = false, Action<GroupSnapshot>? observe = null,
        Func<int, GroupSnapshot, EnergySignals>? signals = null, long[]? periodLoadW = null)
    {
        var clock = Stopwatch.StartNew();
        int n = sessions.Count;
        int periods = sessions.Max(s => s.DeparturePeriod) + 1;
        var delivered = new long[n];
        var accepted = new bool[n];
        var acceptedWh = new long[n];
        var events = new HashSet<int>();
        foreach (var s in sessions)
        {
            events.Add(s.ArrivalPeriod);
            events.Add(s.DeparturePeriod);
        }
        var byArrival = Enumerable.Range(0, n).OrderBy(i => sessions[i].ArrivalPeriod).ThenBy(i => i).ToArray();
        var present = new List<int>();
        int next = 0, plans = 0, admissions = 0;
        GroupPlan? plan = null;
        int planStart = 0;
        var planIndex = new Dictionary<string, int>();
        var root = new Func<int, int, CircuitSnapshot>((p, h) => new CircuitSnapshot("root", null, Enumerable.Repeat(limitW, h).ToArray(), new long[h]));

        SessionSnapshot ToSnapshot(int i, bool asCandidate = false) => new(
            sessions[i].Id, sessions[i].Id, "root", 3, 0, 0, MaxW, 0, MaxW,
            Time(sessions[i].ArrivalPeriod), Time(sessions[i].DeparturePeriod),
            asCandidate ? sessions[i].EnergyWh : accepted[i] ? acceptedWh[i] : sessions[i].EnergyWh,
            delivered[i] * CaltechData.PeriodSeconds / 3600, true, !asCandidate && accepted[i]);

        GroupSnapshot SnapshotAt(int p, IEnumerable<int> who)
        {
            int h = Math.Max(1, Math.Min(HorizonCap, present.Count == 0 ? 1 : present.Max(i => sessions[i].DeparturePeriod) - p));
            return new GroupSnapshot("caltech", Time(p), CaltechData.PeriodSeconds, h, [root(p, h)], who.Select(i => ToSnapshot(i)).ToArray());
        }

        for (int p = 0; p < periods; p++)
        {
            bool changed = false;
            while (next < n && sessions[byArrival[next]].ArrivalPeriod <= p)
            {
                int i = byArrival[next++];
                present.Add(i);
                changed = true;
                if (!admission)
                    continue;
                var snapshot = SnapshotAt(p, present.Where(j => j != i));
                var decision = AdmissionControl.Evaluate(snapshot, ToSnapshot(i, asCandidate: true));
                admissions++;
                if (decision.Accepted)
                {
                    accepted[i] = true;
                    acceptedWh[i] = sessions[i].EnergyWh;
                }
                else if (decision.MaxEnergyWhByDeparture is { } offer && offer > 0)
                {
                    accepted[i] = true; // the user takes the counter-offer
                    acceptedWh[i] = offer;
                }
            }
            changed |= present.RemoveAll(i => sessions[i].DeparturePeriod <= p) > 0;
            if (present.Count == 0)
            {
                plan = null;
                continue;
            }
            if (changed || plan is null || p - planStart >= plan.HorizonSlots || events.Contains(p))
            {
                var input = SnapshotAt(p, present);
                if (signals is not null)
                    input = input with { Signals = signals(p, input) };
                observe?.Invoke(input);
                plan = algorithm.Plan(input);
                plans++;
                planStart = p;
                planIndex.Clear();
                for (int k = 0; k < plan.Sessions.Count; k++)
                    planIndex[plan.Sessions[k].SessionId] = k;
                long slot0 = plan.Circuits.Single().LoadW[0];
                if (slot0 > limitW)
                    throw new InvalidOperationException($"plan exceeds the limit at period {p}: {slot0} W");
            }
            foreach (int i in present)
            {
                if (planIndex.TryGetValue(sessions[i].Id, out int k))
                {
                    long w = plan!.Sessions[k].PowerW[p - planStart];
                    delivered[i] += w;
                    if (periodLoadW is not null)
                        periodLoadW[p] += w;
                }
            }
        }

        long total = 0, acceptedUnits = 0, acceptedDelivered = 0;
        for (int i = 0; i < n; i++)
        {
            total += Math.Min(delivered[i], Units(sessions[i].EnergyWh));
            if (accepted[i])
            {
                acceptedUnits += Units(acceptedWh[i]);
                acceptedDelivered += Math.Min(delivered[i], Units(acceptedWh[i]));
            }
        }
        return new OnlineRun(total, acceptedUnits, acceptedDelivered, plans, admissions, clock.Elapsed);
    }

    private static DateTimeOffset Time(int period) =>
        new DateTimeOffset(CaltechData.Origin, TimeSpan.Zero).AddSeconds((long)period * CaltechData.PeriodSeconds);
}
