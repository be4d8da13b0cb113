namespace OliMove.Scheduling.Tests;

/// <summary>Small builders for snapshots in tests: one root circuit, 1-hour slots unless said.</summary>
internal static class Groups
{
    public static readonly DateTimeOffset Start = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);

    public static long[] Flat(int horizon, long watts) => Enumerable.Repeat(watts, horizon).ToArray();

    public static CircuitSnapshot Root(int horizon, long guaranteedW, long surplusW = 0) =>
        new("root", null, Flat(horizon, guaranteedW), Flat(horizon, surplusW));

    public static SessionSnapshot Session(
        string id, long maxW, long? needWh, int departSlot, int slotSeconds = 3600,
        bool accepted = true, bool optedIn = true, long minW = 0, string circuit = "root",
        int phases = 1, int phase = 1, int arriveSlot = 0, long deliveredWh = 0) =>
        new(id, "c-" + id, circuit, phases, phases == 3 ? 0 : phase, minW, maxW, minW, maxW,
            Start.AddSeconds((long)arriveSlot * slotSeconds),
            optedIn ? Start.AddSeconds((long)departSlot * slotSeconds) : null,
            needWh is null ? null : needWh + deliveredWh, deliveredWh, optedIn, accepted && optedIn);

    public static GroupSnapshot Group(int horizon, IReadOnlyList<CircuitSnapshot> circuits, IReadOnlyList<SessionSnapshot> sessions, int slotSeconds = 3600) =>
        new("g1", Start, slotSeconds, horizon, circuits, sessions);
}
