namespace OliMove.Scheduling;

/// <summary>
/// A plan while it is being built: power per session per slot, and a ledger (guaranteed + PV surplus) with all of
/// it booked, so each step sees exactly the capacity the steps before it left. The allocator's layers and the
/// baselines both fill one and turn it into a <see cref="GroupPlan"/> the same way.
/// </summary>
internal sealed class PlanDraft
{
    public PlanDraft(GroupModel model)
    {
        Model = model;
        Power = new long[model.SessionCount][];
        for (int s = 0; s < Power.Length; s++)
            Power[s] = new long[model.Horizon];
        Ledger = new CapacityLedger(model, includeSurplus: true);
    }

    public GroupModel Model { get; }

    /// <summary>Planned power per session (model order) per slot, in W; booked in <see cref="Ledger"/>.</summary>
    public long[][] Power { get; }

    /// <summary>Every circuit's capacity including PV surplus, with everything planned so far booked.</summary>
    public CapacityLedger Ledger { get; }

    /// <summary>Plans power for session s at slot t on top of what it has, and books it.</summary>
    public void Add(int s, int t, long watts)
    {
        Power[s][t] += watts;
        Ledger.Add(s, t, watts);
    }

    /// <summary>
    /// What session s can get at slot t towards <paramref name="leftUnits"/>, as fast as possible: up to its max and
    /// the room on its path. Below its minimum it gets the minimum when that finishes the need, else nothing.
    /// </summary>
    public long FastestGrant(int s, int t, long leftUnits)
    {
        long room = Ledger.Room(s, t);
        long grant = Math.Min(Math.Min(Model.MaxW[s], room), leftUnits);
        if (grant < Model.MinW[s])
            grant = leftUnits < Model.MinW[s] && room >= Model.MinW[s] ? Model.MinW[s] : 0;
        return grant;
    }

    public GroupPlan ToGroupPlan()
    {
        var model = Model;
        int h = model.Horizon;
        var sessions = new SessionPlan[model.SessionCount];
        for (int s = 0; s < sessions.Length; s++)
        {
            var session = model.Sessions[s];
            // Only slots before the declared departure count towards the request; an overdue session has none.
            int countedEnd = Math.Min(h, model.Overdue[s] ? model.WindowStart[s] : model.WindowEnd[s]);
            long plannedUnits = 0;
            for (int t = model.WindowStart[s]; t < countedEnd; t++)
                plannedUnits += Power[s][t];
            long? needWh = session.EnergyRequestedWh is { } requested ? Math.Max(0, requested - session.EnergyDeliveredWh) : null;
            sessions[s] = new SessionPlan(
                session.SessionId,
                session.ConnectorId,
                Power[s][0],
                Power[s],
                needWh,
                model.WhFromUnits(plannedUnits),
                StatusOf(s, plannedUnits));
        }
        var circuits = new CircuitPlan[model.Circuits.Length];
        for (int c = 0; c < circuits.Length; c++)
        {
            var load = new long[h];
            for (int t = 0; t < h; t++)
                load[t] = Ledger.Load(c, t);
            circuits[c] = new CircuitPlan(model.Circuits[c].CircuitId, load);
        }
        var snapshot = model.Snapshot;
        return new GroupPlan(snapshot.GroupId, snapshot.SlotStart.ToUniversalTime(), snapshot.SlotSeconds, h, sessions, circuits);
    }

    private SessionStatus StatusOf(int s, long plannedUnits)
    {
        var session = Model.Sessions[s];
        if (session.EnergyRequestedWh is null || plannedUnits >= Model.NeedUnits[s])
            return SessionStatus.OnTrack;
        if (!session.Accepted)
            return SessionStatus.BestEffortShort;
        // The EV's own limit (rampdown lowered its max as seen, or it will not draw at all) explains the miss.
        return session.VehicleMaxW < session.ConnectorMaxW || Model.MaxW[s] == 0
            ? SessionStatus.LimitedByVehicle
            : SessionStatus.NotGuaranteed;
    }
}
