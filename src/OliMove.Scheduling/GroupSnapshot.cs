namespace OliMove.Scheduling;

/// <summary>
/// Everything the allocator knows about one charging group at the start of a slot. The allocator is a pure
/// function of this record (acnportal style: the algorithm is a function of a snapshot), so the same snapshot
/// replays to the same plan on any machine.
/// </summary>
/// <param name="GroupId">The charging group (site-map id).</param>
/// <param name="SlotStart">UTC start of slot 0 of the horizon.</param>
/// <param name="SlotSeconds">Slot length: 900 in production, 300 in the Caltech benchmark.</param>
/// <param name="HorizonSlots">Number of slots planned; every per-slot series has this length.</param>
/// <param name="Circuits">The group's circuit tree (exactly one root), in any order.</param>
/// <param name="Sessions">Plugged-in sessions, in any order.</param>
/// <param name="Signals">Price and CO₂ signals; null when the site has none or they are stale (best effort then
/// charges as soon as possible, as without signals).</param>
/// <param name="Batteries">Stationary batteries of the group that answer now (decision 0310); null or empty when it has
/// none: the group is then planned by <see cref="SlotAllocator"/> alone and its canonical form has no battery key.</param>
public sealed record GroupSnapshot(
    string GroupId,
    DateTimeOffset SlotStart,
    int SlotSeconds,
    int HorizonSlots,
    IReadOnlyList<CircuitSnapshot> Circuits,
    IReadOnlyList<SessionSnapshot> Sessions,
    EnergySignals? Signals = null,
    IReadOnlyList<Batteries.BatterySnapshot>? Batteries = null);
