namespace OliMove.Scheduling.Batteries;

/// <summary>
/// Plans a group with its batteries around the unchanged <see cref="SlotAllocator"/> (decision 0266): a battery's
/// energy becomes capacity of its circuit and every circuit above it, and the battery's power is what the planned
/// load needs beyond the grid's capacity (peak shaving) or what PV surplus (or, if allowed, idle grid capacity)
/// leaves over (charging). A group without batteries is planned exactly as before.
/// <para>
/// Only energy the battery surely holds above its reserve backs anything, and it is counted "front-loaded": as
/// its full discharge power from now until that energy would be spent (<see cref="SureDischargeW"/>). Whatever the
/// battery gives in a slot is at most that, so at the next plan every later slot has at least the battery capacity
/// it had in this plan: a promise made against it stays backed, as a promise made against a fixed limit does
/// (as long as the battery delivers what it is asked; when it does not, the host plans with what it did).
/// </para>
/// </summary>
public static class BatteryAllocator
{
    /// <summary>
    /// Plans the group with the batteries its snapshot carries (<see cref="GroupSnapshot.Batteries"/>), the battery
    /// power in <see cref="GroupPlan.Batteries"/>: what the host plans and <c>verify</c> replays. Without a battery
    /// it is <see cref="SlotAllocator.Plan(GroupSnapshot)"/> itself, so the golden plans keep their hashes.
    /// </summary>
    public static GroupPlan Plan(GroupSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        if (snapshot.Batteries is not { Count: > 0 } batteries)
            return SlotAllocator.Plan(snapshot);
        var result = Plan(snapshot with { Batteries = null }, batteries);
        return result.Plan with { Batteries = result.Batteries };
    }

    /// <summary>
    /// The snapshot admission evaluates: its batteries' sure energy added to the guaranteed capacity
    /// (<see cref="GuaranteedSnapshot(GroupSnapshot, IReadOnlyList{BatterySnapshot})"/>), without the batteries themselves.
    /// </summary>
    public static GroupSnapshot GuaranteedSnapshot(GroupSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        return snapshot.Batteries is { Count: > 0 } batteries
            ? GuaranteedSnapshot(snapshot with { Batteries = null }, batteries)
            : snapshot with { Batteries = null };
    }

    /// <summary>Plans the group; with no battery the plan is <see cref="SlotAllocator.Plan(GroupSnapshot)"/>'s.</summary>
    public static BatteryGroupPlan Plan(GroupSnapshot snapshot, IReadOnlyList<BatterySnapshot> batteries)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(batteries);
        if (batteries.Count == 0)
            return new BatteryGroupPlan(SlotAllocator.Plan(snapshot), []);
        var ordered = Validated(snapshot, batteries);
        var sure = ordered.Select(b => SureDischargeW(b, snapshot.SlotSeconds, snapshot.HorizonSlots)).ToArray();
        var plan = SlotAllocator.Plan(BatteryCapacity.Augment(snapshot, ordered, sure));
        var settlement = new BatteryPowerSettlement(snapshot, ordered);
        if (settlement.DischargeAt(plan, sure, 0).Any(w => w > 0))
        {
            // Keep the energy for later when using it now adds nothing within the horizon: the battery then
            // shaves the peaks that need it instead of the first slot that could use it.
            var deferred = sure.Select(Deferred).ToArray();
            var later = SlotAllocator.Plan(BatteryCapacity.Augment(snapshot, ordered, deferred));
            if (IsNoWorse(later, plan))
            {
                plan = later;
                sure = deferred;
            }
        }
        return new BatteryGroupPlan(plan, settlement.Settle(plan, sure));
    }

    /// <summary>
    /// The snapshot whose guaranteed capacity includes the batteries' sure energy (front-loaded), for
    /// <see cref="AdmissionControl"/>: a request is accepted on what the grid and the batteries surely give.
    /// </summary>
    public static GroupSnapshot GuaranteedSnapshot(GroupSnapshot snapshot, IReadOnlyList<BatterySnapshot> batteries)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(batteries);
        if (batteries.Count == 0)
            return snapshot;
        var ordered = Validated(snapshot, batteries);
        var sure = ordered.Select(b => SureDischargeW(b, snapshot.SlotSeconds, snapshot.HorizonSlots)).ToArray();
        return BatteryCapacity.Augment(snapshot, ordered, sure);
    }

    /// <summary>
    /// The battery's sure energy above its reserve as power per slot: its full discharge power (whole power steps)
    /// from slot 0 until the energy is used up, the last slot partly. Each slot's energy is a whole Wh.
    /// </summary>
    public static long[] SureDischargeW(BatterySnapshot battery, int slotSeconds, int horizonSlots)
    {
        ArgumentNullException.ThrowIfNull(battery);
        long step = 3600 / slotSeconds;
        long max = battery.MaxDischargeW / step * step;
        long leftWh = Math.Max(0, battery.StoredWh - battery.ReserveWh);
        var series = new long[horizonSlots];
        for (int t = 0; t < horizonSlots && leftWh > 0; t++)
        {
            series[t] = Math.Min(max, leftWh * step);
            leftWh -= series[t] / step;
        }
        return series;
    }

    /// <summary>The same energy not used now: available from slot 1 on.</summary>
    private static long[] Deferred(long[] series)
    {
        var later = new long[series.Length];
        Array.Copy(series, 0, later, 1, series.Length - 1);
        return later;
    }

    /// <summary>
    /// The later plan is taken when it plans at least as much requested energy, keeps every accepted session on
    /// track that was, and gives no session without a declared departure less now (it may leave at any time).
    /// </summary>
    private static bool IsNoWorse(GroupPlan later, GroupPlan now)
    {
        static long Useful(SessionPlan p) => p.NeedWh is { } need ? Math.Min(need, p.PlannedWh) : 0;
        if (later.Sessions.Sum(Useful) < now.Sessions.Sum(Useful))
            return false;
        for (int i = 0; i < now.Sessions.Count; i++)
        {
            var a = now.Sessions[i];
            var b = later.Sessions[i];
            if (a.Status is SessionStatus.OnTrack && b.Status is not SessionStatus.OnTrack)
                return false;
            if (a.NeedWh is null && b.SetpointW < a.SetpointW)
                return false;
        }
        return true;
    }

    private static BatterySnapshot[] Validated(GroupSnapshot snapshot, IReadOnlyList<BatterySnapshot> batteries)
    {
        var circuits = (snapshot.Circuits ?? []).Select(c => c.CircuitId).ToHashSet(StringComparer.Ordinal);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var b in batteries)
        {
            ArgumentNullException.ThrowIfNull(b);
            string who = $"battery '{b.BatteryId}'";
            if (string.IsNullOrWhiteSpace(b.BatteryId))
                throw new SnapshotValidationException("a battery has an empty id");
            if (!ids.Add(b.BatteryId))
                throw new SnapshotValidationException($"{who} appears twice");
            if (!circuits.Contains(b.CircuitId ?? ""))
                throw new SnapshotValidationException($"{who} is on unknown circuit '{b.CircuitId}'");
            if (b.CapacityWh < 0 || b.StoredWh < 0 || b.ReserveWh < 0 || b.MaxChargeW < 0 || b.MaxDischargeW < 0)
                throw new SnapshotValidationException($"{who} has a negative energy or power");
            if (b.ReserveWh > b.CapacityWh)
                throw new SnapshotValidationException($"{who} has a reserve ({b.ReserveWh} Wh) above its capacity ({b.CapacityWh} Wh)");
            if (b.CapacityWh > 100_000_000 || b.MaxChargeW > 100_000_000 || b.MaxDischargeW > 100_000_000)
                throw new SnapshotValidationException($"{who} is larger than 100 MWh or 100 MW");
        }
        return [.. batteries.OrderBy(b => b.BatteryId, StringComparer.Ordinal)];
    }
}
