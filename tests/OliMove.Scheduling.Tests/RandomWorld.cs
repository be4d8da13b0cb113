namespace OliMove.Scheduling.Tests;

/// <summary>
/// A random charging group over a whole horizon (a seeded System.Random, so every failure replays): a tree of
/// 1..4 circuits, optional phase limits and PV surplus, and EVs (1- or 3-phase, with or without the 6 A minimum)
/// that arrive during the horizon. <see cref="SnapshotAt"/> cuts the snapshot the allocator sees at a slot.
/// </summary>
internal sealed class RandomWorld
{
    public sealed class Ev
    {
        public required string Id;
        public required string Circuit;
        public required int Phases;
        public required int Phase;
        public required long MinW;
        public required long MaxW;
        public required int ArriveSlot;
        public required int DepartSlot;
        public required long NeedWh;
        public required bool OptedIn;
        public required bool WantsGuarantee;
        public bool Accepted;
        public long DeliveredWh;
        /// <summary>The EV's max as seen when rampdown lowered it below the connector's; null when it has not.</summary>
        public long? VehicleMaxW;
    }

    public required int Horizon;
    public required int SlotSeconds;
    public required List<CircuitSnapshot> Circuits;
    public required List<Ev> Evs;

    public static RandomWorld Create(int seed, bool phases, bool minimum, int maxEvs = 5, int maxHorizon = 6, int? slotSeconds = null)
    {
        var r = new Random(seed);
        int h = r.Next(2, maxHorizon + 1);
        // Drawn even when the length is given, so every other seed's world stays the same.
        int drawnSlotSeconds = r.Next(2) == 0 ? 3600 : 900;
        int slotLength = slotSeconds ?? drawnSlotSeconds;
        int count = r.Next(1, 5);
        var circuits = new List<CircuitSnapshot>();
        for (int c = 0; c < count; c++)
        {
            string? parent = c == 0 ? null : "c" + r.Next(c);
            long[] g = Enumerable.Range(0, h).Select(_ => (long)r.Next(0, 121) * 100).ToArray();
            long[] s = r.Next(3) == 0 ? Enumerable.Range(0, h).Select(_ => (long)r.Next(0, 41) * 100).ToArray() : new long[h];
            PhaseSeries? pg = null;
            if (phases && r.Next(2) == 0)
            {
                long[] P() => Enumerable.Range(0, h).Select(_ => (long)r.Next(0, 51) * 100).ToArray();
                pg = new PhaseSeries(P(), P(), P());
            }
            circuits.Add(new CircuitSnapshot("c" + c, parent, g, s, pg, null));
        }
        var evs = new List<Ev>();
        int n = r.Next(1, maxEvs + 1);
        for (int i = 0; i < n; i++)
        {
            int ph = phases && r.Next(2) == 0 ? 3 : 1;
            long min = minimum && r.Next(3) != 0 ? 1380 * ph : 0;
            long max = Math.Max(min, (long)r.Next(1, 111) * 100);
            int arrive = r.Next(0, h);
            int depart = r.Next(arrive + 1, h + 1);
            bool opted = r.Next(5) != 0;
            evs.Add(new Ev
            {
                Id = "ev" + i,
                Circuit = "c" + r.Next(count),
                Phases = ph,
                Phase = ph == 3 ? 0 : r.Next(1, 4),
                MinW = min,
                MaxW = max,
                ArriveSlot = arrive,
                DepartSlot = depart,
                NeedWh = (long)r.Next(0, 101) * max * (depart - arrive) * slotLength / 3600 / 100,
                OptedIn = opted,
                WantsGuarantee = opted && r.Next(4) != 0,
            });
        }
        return new RandomWorld { Horizon = h, SlotSeconds = slotLength, Circuits = circuits, Evs = evs };
    }

    public DateTimeOffset SlotTime(int t) => Groups.Start.AddSeconds((long)t * SlotSeconds);

    public SessionSnapshot SessionOf(Ev ev) => new(
        ev.Id, "k-" + ev.Id, ev.Circuit, ev.Phases, ev.Phase, ev.MinW, ev.MaxW, ev.MinW, ev.VehicleMaxW ?? ev.MaxW,
        SlotTime(ev.ArriveSlot), ev.OptedIn ? SlotTime(ev.DepartSlot) : null,
        ev.OptedIn ? ev.NeedWh : null, ev.DeliveredWh, ev.OptedIn, ev.Accepted);

    /// <summary>The snapshot at slot t: horizon cut to what is left, only EVs plugged in by then and not gone.</summary>
    public GroupSnapshot SnapshotAt(int t, Func<Ev, bool>? include = null)
    {
        int h = Horizon - t;
        static long[] Cut(IReadOnlyList<long> x, int from) => x.Skip(from).ToArray();
        var circuits = Circuits.Select(c => c with
        {
            GuaranteedW = Cut(c.GuaranteedW, t),
            SurplusW = Cut(c.SurplusW, t),
            PhaseGuaranteedW = c.PhaseGuaranteedW is { } p ? new PhaseSeries(Cut(p.L1, t), Cut(p.L2, t), Cut(p.L3, t)) : null,
        }).ToArray();
        var sessions = Evs.Where(e => e.ArriveSlot <= t && e.DepartSlot > t && (include?.Invoke(e) ?? true)).Select(SessionOf).ToArray();
        return new GroupSnapshot("g", SlotTime(t), SlotSeconds, h, circuits, sessions);
    }
}
