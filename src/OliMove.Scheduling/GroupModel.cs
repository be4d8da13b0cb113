namespace OliMove.Scheduling;

/// <summary>
/// A validated snapshot in the allocator's internal units. Circuits and sessions are sorted by ordinal id so that
/// the input order never changes a result. Energy is counted in "watt-slots" (1 W held for one slot). Slots divide
/// the hour, and every planned power is a multiple of <see cref="PowerStepW"/> = 3600 / slot seconds (4 W for 15-minute
/// slots), so every slot's energy is a whole Wh: what an EV has drawn, as its Wh meter reports it, is exactly what
/// the plan gave it, and a guarantee is never lost to sub-Wh rounding between two plans.
/// </summary>
internal sealed class GroupModel
{
    public const long Unlimited = long.MaxValue / 8;

    public required GroupSnapshot Snapshot { get; init; }
    public required int Horizon { get; init; }
    public required int SlotSeconds { get; init; }
    /// <summary>Power granularity in W: one step held for one slot is exactly 1 Wh.</summary>
    public required long PowerStepW { get; init; }
    public required CircuitSnapshot[] Circuits { get; init; }
    public required int[] Parent { get; init; }
    /// <summary>Per circuit: itself, its parent, ..., the root.</summary>
    public required int[][] PathToRoot { get; init; }
    /// <summary>Per circuit and slot (circuit * horizon + t): some circuit on the path to the root has PV surplus.</summary>
    public required bool[] PathHasSurplus { get; init; }
    public required SessionSnapshot[] Sessions { get; init; }
    public required int[] SessionCircuit { get; init; }
    public required long[] MinW { get; init; }
    public required long[] MaxW { get; init; }
    public required int[] WindowStart { get; init; }
    public required int[] WindowEnd { get; init; }
    /// <summary>Remaining need in watt-slots; <see cref="Unlimited"/> for a non-participant who declared nothing.</summary>
    public required long[] NeedUnits { get; init; }
    /// <summary>The declared departure has passed (or falls in the current slot): no window left to guarantee.</summary>
    public required bool[] Overdue { get; init; }

    public int SessionCount => Sessions.Length;

    public bool IsGuaranteed(int s) => Sessions[s].Accepted && !Overdue[s];

    public bool IsSmart(int s) => Sessions[s].OptedIn && !Overdue[s];

    /// <summary>Some circuit on session s's path to the root has PV surplus at slot t.</summary>
    public bool HasSurplus(int s, int t) => PathHasSurplus[SessionCircuit[s] * Horizon + t];

    /// <summary>Watt-slots in a number of watt-hours (exact: 3600 / slot seconds per Wh).</summary>
    public long UnitsFromWh(long wh) => checked(wh * PowerStepW);

    /// <summary>Watt-hours in a number of watt-slots (whole, as planned powers are multiples of the step).</summary>
    public long WhFromUnits(long units) => units >= Unlimited ? Unlimited : units / PowerStepW;

    public static long CeilDiv(long a, long b) => a <= 0 ? 0 : (a + b - 1) / b;

    public static GroupModel From(GroupSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        if (string.IsNullOrWhiteSpace(snapshot.GroupId))
            throw new SnapshotValidationException("groupId is empty");
        if (snapshot.SlotSeconds <= 0 || 3600 % snapshot.SlotSeconds != 0)
            throw new SnapshotValidationException($"slotSeconds must divide an hour (e.g. 300, 900, 3600), got {snapshot.SlotSeconds}");
        if (snapshot.HorizonSlots is <= 0 or > 10_000)
            throw new SnapshotValidationException($"horizonSlots must be in 1..10000, got {snapshot.HorizonSlots}");
        if (snapshot.Circuits is null || snapshot.Circuits.Count == 0)
            throw new SnapshotValidationException("the group has no circuit");
        int h = snapshot.HorizonSlots;
        EnergySignalsJson.Validate(snapshot.Signals, h);

        var circuits = snapshot.Circuits.OrderBy(c => c.CircuitId, StringComparer.Ordinal).ToArray();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < circuits.Length; i++)
        {
            var c = circuits[i];
            if (string.IsNullOrWhiteSpace(c.CircuitId))
                throw new SnapshotValidationException($"circuit #{i} has an empty id");
            if (!index.TryAdd(c.CircuitId, i))
                throw new SnapshotValidationException($"circuit '{c.CircuitId}' appears twice");
            CheckSeries(c.GuaranteedW, h, $"circuit '{c.CircuitId}' guaranteedW");
            CheckSeries(c.SurplusW, h, $"circuit '{c.CircuitId}' surplusW");
            if (c.PhaseGuaranteedW is { } pg)
            {
                for (int k = 1; k <= 3; k++)
                    CheckSeries(pg.Of(k), h, $"circuit '{c.CircuitId}' phaseGuaranteedW.L{k}");
            }
            if (c.PhaseSurplusW is { } ps)
            {
                if (c.PhaseGuaranteedW is null)
                    throw new SnapshotValidationException($"circuit '{c.CircuitId}' has phaseSurplusW without phaseGuaranteedW");
                for (int k = 1; k <= 3; k++)
                    CheckSeries(ps.Of(k), h, $"circuit '{c.CircuitId}' phaseSurplusW.L{k}");
            }
        }

        var parent = new int[circuits.Length];
        int roots = 0;
        for (int i = 0; i < circuits.Length; i++)
        {
            var p = circuits[i].ParentId;
            if (p is null)
            {
                parent[i] = -1;
                roots++;
            }
            else if (!index.TryGetValue(p, out parent[i]))
                throw new SnapshotValidationException($"circuit '{circuits[i].CircuitId}' has unknown parent '{p}'");
        }
        if (roots != 1)
            throw new SnapshotValidationException($"the circuit tree must have exactly one root, found {roots}");

        var paths = new int[circuits.Length][];
        for (int i = 0; i < circuits.Length; i++)
        {
            var path = new List<int>();
            for (int c = i; c >= 0; c = parent[c])
            {
                if (path.Count > circuits.Length)
                    throw new SnapshotValidationException($"circuit '{circuits[i].CircuitId}' is part of a cycle");
                path.Add(c);
            }
            paths[i] = [.. path];
        }

        var pathHasSurplus = new bool[circuits.Length * h];
        for (int i = 0; i < circuits.Length; i++)
        {
            foreach (int c in paths[i])
            {
                for (int t = 0; t < h; t++)
                    pathHasSurplus[i * h + t] |= circuits[c].SurplusW[t] > 0;
            }
        }

        var sessions = (snapshot.Sessions ?? []).OrderBy(s => s.SessionId, StringComparer.Ordinal).ToArray();
        int n = sessions.Length;
        var model = new GroupModel
        {
            Snapshot = snapshot,
            Horizon = h,
            SlotSeconds = snapshot.SlotSeconds,
            PowerStepW = 3600 / snapshot.SlotSeconds,
            Circuits = circuits,
            Parent = parent,
            PathToRoot = paths,
            PathHasSurplus = pathHasSurplus,
            Sessions = sessions,
            SessionCircuit = new int[n],
            MinW = new long[n],
            MaxW = new long[n],
            WindowStart = new int[n],
            WindowEnd = new int[n],
            NeedUnits = new long[n],
            Overdue = new bool[n],
        };
        var seen = new HashSet<string>(StringComparer.Ordinal);
        long slotTicks = TimeSpan.TicksPerSecond * snapshot.SlotSeconds;
        long startTicks = snapshot.SlotStart.UtcTicks;
        for (int s = 0; s < n; s++)
        {
            var x = sessions[s];
            string who = $"session '{x.SessionId}'";
            if (string.IsNullOrWhiteSpace(x.SessionId))
                throw new SnapshotValidationException($"session #{s} has an empty id");
            if (!seen.Add(x.SessionId))
                throw new SnapshotValidationException($"{who} appears twice");
            if (!index.TryGetValue(x.CircuitId ?? "", out model.SessionCircuit[s]))
                throw new SnapshotValidationException($"{who} is on unknown circuit '{x.CircuitId}'");
            if (x.Phases == 1 && x.Phase is < 1 or > 3)
                throw new SnapshotValidationException($"{who} is 1-phase and needs phase 1, 2 or 3, got {x.Phase}");
            if (x.Phases == 3 && x.Phase != 0)
                throw new SnapshotValidationException($"{who} is 3-phase and needs phase 0, got {x.Phase}");
            if (x.Phases is not (1 or 3))
                throw new SnapshotValidationException($"{who} has phases {x.Phases}; expected 1 or 3");
            if (x.SwitchesToPhase is < 0 or > 3)
                throw new SnapshotValidationException($"{who} has switchesToPhase {x.SwitchesToPhase}; expected 0 (no switching) or the phase 1, 2 or 3");
            if (x.SwitchesToPhase != 0 && x.Phases != 3)
                throw new SnapshotValidationException($"{who} can only switch to one phase from three, but has phases {x.Phases}");
            if (x.SwitchedToOnePhase && x.SwitchesToPhase == 0)
                throw new SnapshotValidationException($"{who} is switched to one phase but its connector cannot switch (switchesToPhase 0)");
            if (x.ConnectorMinW < 0 || x.ConnectorMaxW < 0 || x.VehicleMinW < 0 || x.VehicleMaxW < 0)
                throw new SnapshotValidationException($"{who} has a negative power bound");
            if (x.ConnectorMaxW > 10_000_000 || x.VehicleMaxW > 10_000_000)
                throw new SnapshotValidationException($"{who} has a power bound above 10 MW");
            if (x.EnergyDeliveredWh < 0 || x.EnergyRequestedWh < 0)
                throw new SnapshotValidationException($"{who} has a negative energy");
            if (x.EnergyRequestedWh > 10_000_000)
                throw new SnapshotValidationException($"{who} requests more than 10 MWh");
            if (x.Accepted && (!x.OptedIn || x.DeclaredDeparture is null || x.EnergyRequestedWh is null))
                throw new SnapshotValidationException($"{who} is accepted, so it must be opted in with a declared departure and energy");

            long step = model.PowerStepW;
            model.MinW[s] = CeilDiv(Math.Max(x.ConnectorMinW, x.VehicleMinW), step) * step;
            model.MaxW[s] = Math.Min(x.ConnectorMaxW, x.VehicleMaxW) / step * step;
            if (model.MinW[s] > model.MaxW[s])
                model.MaxW[s] = 0; // the EV cannot draw within the connector's range: it gets 0.

            long a = x.Arrival.UtcTicks - startTicks;
            model.WindowStart[s] = a <= 0 ? 0 : (int)Math.Min(h, CeilDiv(a, slotTicks));
            int end = h;
            if (x.DeclaredDeparture is { } dep)
            {
                long d = dep.UtcTicks - startTicks;
                // Only whole slots before the departure count: the EV must not rely on a slot it leaves during.
                end = d <= 0 ? 0 : (int)Math.Min(h, d / slotTicks);
            }
            bool overdue = x.DeclaredDeparture is not null && end <= model.WindowStart[s];
            model.Overdue[s] = overdue;
            model.WindowEnd[s] = overdue ? h : end;
            model.NeedUnits[s] = x.EnergyRequestedWh is { } req
                ? model.UnitsFromWh(Math.Max(0, req - x.EnergyDeliveredWh))
                : Unlimited;
        }
        return model;
    }

    private static void CheckSeries(IReadOnlyList<long>? series, int horizon, string what)
    {
        if (series is null)
            throw new SnapshotValidationException($"{what} is missing");
        if (series.Count != horizon)
            throw new SnapshotValidationException($"{what} has {series.Count} values; horizonSlots is {horizon}");
        for (int t = 0; t < series.Count; t++)
        {
            if (series[t] < 0)
                throw new SnapshotValidationException($"{what}[{t}] is negative ({series[t]})");
            if (series[t] > 1_000_000_000)
                throw new SnapshotValidationException($"{what}[{t}] is above 1 GW ({series[t]})");
        }
    }
}
