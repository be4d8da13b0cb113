using OliMove.Scheduling;

namespace OliMove.Bench.Scheduling;

/// <summary>
/// A seeded synthetic group for the speed benchmark: 96 slots of 15 minutes, a root, 4 feeders and one cabinet per
/// 10 sessions, 1- and 3-phase EVs with the 6 A minimum, PV surplus at midday, a quarter of the sessions accepted
/// (small requests that went through admission one by one).
/// </summary>
internal static class SyntheticGroup
{
    public const int Slots = 96;

    public static GroupSnapshot Create(int sessions, int seed = 7)
    {
        var r = new Random(seed);
        var start = new DateTimeOffset(2026, 3, 2, 0, 0, 0, TimeSpan.Zero);
        int cabinets = Math.Max(1, sessions / 10);
        var circuits = new List<CircuitSnapshot>();
        long cabinetW = 10 * 7400 * 6 / 10;
        long feederW = cabinetW * Math.Max(1, cabinets / 4) * 7 / 10;
        long rootW = feederW * 4 * 8 / 10;
        long[] Flat(long w) => Enumerable.Repeat(w, Slots).ToArray();
        long[] pv = Enumerable.Range(0, Slots).Select(t => t is >= 40 and < 64 ? rootW / 4 : 0L).ToArray();
        circuits.Add(new CircuitSnapshot("root", null, Flat(rootW), pv));
        for (int f = 0; f < 4; f++)
            circuits.Add(new CircuitSnapshot($"feeder{f}", "root", Flat(feederW), Flat(0)));
        for (int c = 0; c < cabinets; c++)
        {
            var phases = new PhaseSeries(Flat(cabinetW / 3), Flat(cabinetW / 3), Flat(cabinetW / 3));
            circuits.Add(new CircuitSnapshot($"cab{c:D4}", $"feeder{c % 4}", Flat(cabinetW), Flat(0), phases));
        }
        var list = new List<SessionSnapshot>();
        for (int i = 0; i < sessions; i++)
        {
            bool three = r.Next(3) == 0;
            long max = three ? 11_000 : 7_400;
            long min = three ? 4_140 : 1_380;
            int arrive = r.Next(0, 60);
            int dwell = r.Next(8, 41);
            int depart = Math.Min(Slots, arrive + dwell);
            long windowWh = max * (depart - arrive) / 4;
            bool accepted = r.Next(4) == 0;
            long need = accepted ? windowWh * r.Next(5, 20) / 100 : windowWh * r.Next(10, 80) / 100;
            bool optedIn = accepted || r.Next(5) != 0;
            list.Add(new SessionSnapshot($"s{i:D5}", $"k{i:D5}", $"cab{i % cabinets:D4}", three ? 3 : 1, three ? 0 : 1 + r.Next(3),
                min, max, min, max, start.AddMinutes(15 * arrive), optedIn ? start.AddMinutes(15 * depart) : null,
                need, 0, optedIn, accepted));
        }
        // Every accepted request went through admission, in arrival order, as in production.
        var group = new GroupSnapshot("bench", start, 900, Slots, circuits, list.Select(x => x with { Accepted = false }).ToArray());
        var sessionsNow = group.Sessions.ToList();
        for (int i = 0; i < list.Count; i++)
        {
            if (!list[i].Accepted)
                continue;
            if (AdmissionControl.Evaluate(group with { Sessions = sessionsNow }, list[i]).Accepted)
                sessionsNow[i] = list[i];
        }
        return group with { Sessions = sessionsNow };
    }

    /// <summary>A new request that fits (small) or does not (more than 2 h at 11 kW can give), which runs both counter-offer searches.</summary>
    public static SessionSnapshot Request(GroupSnapshot group, bool fits)
    {
        var start = group.SlotStart;
        return new SessionSnapshot("new", "knew", "cab0000", 3, 0, 4_140, 11_000, 4_140, 11_000,
            start, start.AddHours(fits ? 10 : 2), fits ? 5_000 : 30_000, 0, true, false);
    }
}
