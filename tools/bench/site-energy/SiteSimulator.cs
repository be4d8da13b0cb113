using System.Diagnostics;
using OliMove.Bench.Scheduling;
using OliMove.Modbus.Forecast;
using OliMove.Scheduling;
using OliMove.Scheduling.Batteries;

namespace OliMove.Bench.SiteEnergy;

/// <summary>
/// The Caltech month in one cabinet that also feeds the building (issue 18's benchmark). As the scheduling bench's
/// simulator (5-minute periods, 6.6 kW per EV, no minimum, each EV asks for a guarantee when it plugs in and takes
/// the counter-offer when refused, draws what it is offered), plus: the building draws its real load; the group is
/// re-planned at every arrival and departure and at every quarter hour (the product's slot boundary); the cabinet's
/// real total (cars + building + battery) is checked against its limit in every period.
/// <para>
/// Headroom per plan: (a) limit − declared worst case in every slot; (b) for the slots of the quarter under way,
/// limit − the building measured now; for later slots, guaranteed = limit − envelope and best-effort surplus =
/// envelope − median, from the building's quarters of the 14 days before (February's from the same file first).
/// </para>
/// </summary>
internal sealed class SiteSimulator(IReadOnlyList<CaltechSession> sessions, BuildingLoad building, long limitW, BatterySpec? battery, OtherLoadForecasterOptions? forecast = null)
{
    public const long MaxW = 6600;
    private const int HorizonCap = 288;
    private const int PeriodsPerQuarter = 3;
    private static readonly DateTimeOffset Origin = new(CaltechData.Origin, TimeSpan.Zero);
    private readonly OtherLoadForecaster _forecaster = new(forecast);

    public static long Units(long wh) => wh * 3600 / CaltechData.PeriodSeconds;

    public SiteRun Run(Headroom headroom)
    {
        int n = sessions.Count;
        int periods = sessions.Max(s => s.DeparturePeriod) + 1;
        var delivered = new long[n];
        var accepted = new bool[n];
        var acceptedWh = new long[n];
        var byArrival = Enumerable.Range(0, n).OrderBy(i => sessions[i].ArrivalPeriod).ThenBy(i => i).ToArray();
        var departures = sessions.Select(s => s.DeparturePeriod).ToHashSet();
        var present = new List<int>();
        var planTimes = new List<double>();
        long storedWh = battery?.InitialWh ?? 0, minStoredWh = storedWh, dischargedWh = 0;
        int next = 0, minutesOver = 0, planStart = 0;
        BatteryGroupPlan? plan = null;
        var planIndex = new Dictionary<string, int>();

        SessionSnapshot ToSnapshot(int i, bool asCandidate = false) => new(
            sessions[i].Id, sessions[i].Id, "cabinet", 3, 0, 0, MaxW, 0, MaxW,
            Time(sessions[i].ArrivalPeriod), Time(sessions[i].DeparturePeriod),
            asCandidate ? sessions[i].EnergyWh : accepted[i] ? acceptedWh[i] : sessions[i].EnergyWh,
            delivered[i] * CaltechData.PeriodSeconds / 3600, true, !asCandidate && accepted[i]);

        BatterySnapshot[] Batteries() => battery is null ? [] :
            [new BatterySnapshot("battery", "cabinet", storedWh, battery.ReserveWh, battery.CapacityWh, battery.MaxChargeW, battery.MaxDischargeW, MayChargeFromGrid: true)];

        GroupSnapshot SnapshotAt(int p, IEnumerable<int> who, CircuitSnapshot cabinet) =>
            new("caltech", Time(p), CaltechData.PeriodSeconds, cabinet.GuaranteedW.Count, [cabinet], who.Select(i => ToSnapshot(i)).ToArray());

        for (int p = 0; p < periods; p++)
        {
            bool changed = false;
            var clock = Stopwatch.StartNew();
            CircuitSnapshot? cabinet = null;
            while (next < n && sessions[byArrival[next]].ArrivalPeriod <= p)
            {
                int i = byArrival[next++];
                present.Add(i);
                changed = true;
                cabinet ??= Cabinet(p, Horizon(p, present), headroom);
                var others = SnapshotAt(p, present.Where(j => j != i), cabinet);
                var decision = AdmissionControl.Evaluate(BatteryAllocator.GuaranteedSnapshot(others, Batteries()), ToSnapshot(i, asCandidate: true));
                if (decision.Accepted)
                {
                    accepted[i] = true;
                    acceptedWh[i] = sessions[i].EnergyWh;
                }
                else if (decision.MaxEnergyWhByDeparture is { } offer && offer > 0)
                {
                    accepted[i] = true;
                    acceptedWh[i] = offer;
                }
            }
            changed |= present.RemoveAll(i => sessions[i].DeparturePeriod <= p) > 0;
            bool quarter = p % PeriodsPerQuarter == 0;
            if (present.Count > 0 && (changed || quarter || departures.Contains(p) || plan is null || p - planStart >= plan.Plan.HorizonSlots))
            {
                int h = Horizon(p, present);
                if (cabinet is null || cabinet.GuaranteedW.Count != h)
                    cabinet = Cabinet(p, h, headroom);
                plan = BatteryAllocator.Plan(SnapshotAt(p, present, cabinet), Batteries());
                planTimes.Add(clock.Elapsed.TotalMilliseconds);
                planStart = p;
                planIndex.Clear();
                for (int k = 0; k < plan.Plan.Sessions.Count; k++)
                    planIndex[plan.Plan.Sessions[k].SessionId] = k;
            }
            else if (present.Count == 0)
                plan = null;

            long cars = 0;
            foreach (int i in present)
            {
                if (plan is not null && planIndex.TryGetValue(sessions[i].Id, out int k))
                {
                    long w = plan.Plan.Sessions[k].PowerW[p - planStart];
                    delivered[i] += w;
                    cars += w;
                }
            }
            long batteryW = 0;
            if (battery is not null && plan is not null && plan.Batteries.Count == 1)
            {
                batteryW = plan.Batteries[0].PowerW[p - planStart];
                storedWh += batteryW * CaltechData.PeriodSeconds / 3600;
                dischargedWh += Math.Max(0, -batteryW) * CaltechData.PeriodSeconds / 3600;
                minStoredWh = Math.Min(minStoredWh, storedWh);
            }
            if (cars + batteryW + building.AtPeriodW(p) > limitW)
                minutesOver += CaltechData.PeriodSeconds / 60;
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
        return new SiteRun(total, acceptedUnits, acceptedDelivered, minutesOver, dischargedWh, minStoredWh, planTimes);
    }

    private int Horizon(int p, List<int> present) =>
        Math.Max(1, Math.Min(HorizonCap, present.Count == 0 ? 1 : present.Max(i => sessions[i].DeparturePeriod) - p));

    /// <summary>The cabinet's capacity for cars from period p over h periods, as the strategy sees the building.</summary>
    private CircuitSnapshot Cabinet(int p, int h, Headroom headroom)
    {
        var guaranteed = new long[h];
        var surplus = new long[h];
        if (headroom == Headroom.StaticWorstCase)
        {
            Array.Fill(guaranteed, Math.Max(0, limitW - building.WorstCaseW));
            return new CircuitSnapshot("cabinet", null, guaranteed, surplus);
        }
        long now = building.AtPeriodW(p);
        int quarterNow = p / PeriodsPerQuarter;
        int quarters = (p + h - 1) / PeriodsPerQuarter - quarterNow + 1;
        var forecast = _forecaster.Forecast(History(quarterNow), Time(p), now, building.WorstCaseW, quarters);
        for (int t = 0; t < h; t++)
        {
            int q = (p + t) / PeriodsPerQuarter - quarterNow;
            if (q == 0)
            {
                guaranteed[t] = Math.Max(0, limitW - now);
                continue;
            }
            guaranteed[t] = Math.Max(0, limitW - forecast.EnvelopeW[q]);
            surplus[t] = Math.Max(0, limitW - forecast.MedianW[q]) - guaranteed[t];
        }
        return new CircuitSnapshot("cabinet", null, guaranteed, surplus);
    }

    /// <summary>
    /// How often the building drew more in a quarter than the envelope forecast for it one quarter before (the
    /// forecast guarantees rest on), and the largest excess in W, over the quarters of the given periods.
    /// </summary>
    public (int Above, int Quarters, long MaxExcessW) EnvelopeMisses(int periods)
    {
        int above = 0, quarters = 0;
        long maxExcess = 0;
        for (int q = 1; q * PeriodsPerQuarter < periods; q++)
        {
            int before = (q - 1) * PeriodsPerQuarter;
            var envelope = _forecaster.Forecast(History(q - 1), Time(before), building.AtPeriodW(before), building.WorstCaseW, 2).EnvelopeW[1];
            long real = building.AtPeriodW(q * PeriodsPerQuarter);
            quarters++;
            if (real > envelope)
            {
                above++;
                maxExcess = Math.Max(maxExcess, real - envelope);
            }
        }
        return (above, quarters, maxExcess);
    }

    /// <summary>The building's stored quarters of the 14 days before quarter q (the file's hourly value, held).</summary>
    private List<OtherLoadQuarter> History(int quarterNow)
    {
        int days = (int)_forecaster.HistoryWindow.TotalDays;
        var quarters = new List<OtherLoadQuarter>(days * 96);
        for (int q = quarterNow - days * 96; q < quarterNow; q++)
        {
            long w = building.AtPeriodW(q * PeriodsPerQuarter);
            quarters.Add(new OtherLoadQuarter(Time(q * PeriodsPerQuarter), w, w));
        }
        return quarters;
    }

    private static DateTimeOffset Time(int period) => Origin.AddSeconds((long)period * CaltechData.PeriodSeconds);
}
