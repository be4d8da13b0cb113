namespace OliMove.Scheduling;

/// <summary>
/// Exact admission: a request is accepted only if it and every accepted request can all be met by their departures
/// on guaranteed capacity alone (no PV), given each EV draws what it is offered. The test is the allocator's own
/// guarantee witness (a max-flow over a tree of limits, exact for totals), followed by the minimum-power and phase
/// settlement, so whatever admission accepts the allocator can deliver. See docs/decisions/0030.
/// </summary>
public static class AdmissionControl
{
    /// <summary>
    /// Evaluates <paramref name="request"/> (a session with a declared departure and energy; its Accepted flag is
    /// ignored) against the accepted sessions of <paramref name="snapshot"/>. A session with the same id in the
    /// snapshot is replaced by the request.
    /// </summary>
    public static AdmissionDecision Evaluate(GroupSnapshot snapshot, SessionSnapshot request)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(request);
        if (request.DeclaredDeparture is null || request.EnergyRequestedWh is null)
            throw new SnapshotValidationException($"request '{request.SessionId}' needs a declared departure and an energy");
        var candidate = request with { OptedIn = true, Accepted = true };
        if (IsFeasible(snapshot, candidate))
            return new AdmissionDecision(true, "accepted: every accepted request still fits the guaranteed capacity", null, null);

        long delivered = candidate.EnergyDeliveredWh;
        long need = Math.Max(0, candidate.EnergyRequestedWh!.Value - delivered);

        // Most energy by the declared departure: binary search on the extra energy (feasibility is monotone in it).
        long lo = 0, hi = need;
        if (!IsFeasible(snapshot, candidate with { EnergyRequestedWh = delivered }))
            lo = -1; // even nothing more does not fit: the accepted requests alone no longer fit
        else
        {
            while (lo < hi)
            {
                long mid = lo + (hi - lo + 1) / 2;
                if (IsFeasible(snapshot, candidate with { EnergyRequestedWh = delivered + mid }))
                    lo = mid;
                else
                    hi = mid - 1;
            }
        }
        long? maxEnergy = lo < 0 ? null : delivered + lo;

        // Earliest departure for the full energy: binary search over slot boundaries up to the horizon's end.
        var model = GroupModel.From(snapshot with { Sessions = With(snapshot, candidate) });
        int index = Array.FindIndex(model.Sessions, x => x.SessionId == candidate.SessionId);
        long slotTicks = TimeSpan.TicksPerSecond * snapshot.SlotSeconds;
        DateTimeOffset Boundary(int d) => new(snapshot.SlotStart.UtcTicks + d * slotTicks, TimeSpan.Zero);
        int from = Math.Max(model.WindowStart[index], model.Overdue[index] ? 0 : model.WindowEnd[index]) + 1;
        DateTimeOffset? earliest = null;
        if (from <= model.Horizon && IsFeasible(snapshot, candidate with { DeclaredDeparture = Boundary(model.Horizon) }))
        {
            int a = from, b = model.Horizon;
            while (a < b)
            {
                int mid = a + (b - a) / 2;
                if (IsFeasible(snapshot, candidate with { DeclaredDeparture = Boundary(mid) }))
                    b = mid;
                else
                    a = mid + 1;
            }
            earliest = Boundary(a);
        }

        string reason = maxEnergy is null
            ? "refused: the accepted requests already use all guaranteed capacity"
            : "refused: the request does not fit the guaranteed capacity together with the accepted requests";
        return new AdmissionDecision(false, reason, maxEnergy, earliest);
    }

    /// <summary>True when every accepted session of the snapshot can be met on guaranteed capacity.</summary>
    public static bool AcceptedSetIsFeasible(GroupSnapshot snapshot) =>
        GuaranteeShortfalls(GroupModel.From(snapshot)).All(x => x == 0);

    private static bool IsFeasible(GroupSnapshot snapshot, SessionSnapshot candidate)
    {
        var model = GroupModel.From(snapshot with { Sessions = With(snapshot, candidate) });
        int index = Array.FindIndex(model.Sessions, x => x.SessionId == candidate.SessionId);
        // A departure already passed (or inside the current slot) leaves no slot to guarantee anything in.
        if (model.Overdue[index] && model.NeedUnits[index] > 0)
            return false;
        return GuaranteeShortfalls(model).All(x => x == 0);
    }

    private static long[] GuaranteeShortfalls(GroupModel model)
    {
        var accepted = Enumerable.Range(0, model.SessionCount).Where(s => model.IsGuaranteed(s) && model.NeedUnits[s] > 0).ToArray();
        if (accepted.Length == 0)
            return [];
        // An accepted request whose departure has passed cannot be met any more; it is not ours to admit.
        var ledger = new CapacityLedger(model, includeSurplus: false);
        var need = accepted.Select(s => model.NeedUnits[s]).ToArray();
        return FlowSchedule.Plan(model, ledger, accepted, need, SlotPriority.LatestFirst).Shortfall;
    }

    private static SessionSnapshot[] With(GroupSnapshot snapshot, SessionSnapshot candidate) =>
        [.. snapshot.Sessions.Where(x => x.SessionId != candidate.SessionId), candidate];
}
