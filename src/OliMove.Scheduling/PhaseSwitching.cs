namespace OliMove.Scheduling;

/// <summary>
/// Chargers that switch between three phases and one (OCPP 1.6 §7.13 numberPhases; decisions 0324, 0325). The
/// layers plan every session at a fixed number of phases; this decides, around them, which switchable sessions are
/// planned at one phase for the whole horizon, re-decided every slot:
/// <list type="number">
/// <item>The plan with every switchable session at three phases is the reference (a snapshot without switchable
/// sessions is planned exactly as before, by the layers alone).</item>
/// <item>A session at three phases goes to one phase when the reference pauses it now (setpoint 0) although it is
/// here and wants energy: the group cannot give it the 3-phase minimum (6 A × 3), and one phase needs a third.</item>
/// <item>A session at one phase stays there until the reference gives it at least its 1-phase maximum and at least
/// the 3-phase minimum plus the 1-phase minimum now (hysteresis: between the two it keeps its mode, so a group near
/// the minimum does not switch its chargers every slot).</item>
/// <item>The plan with those sessions at one phase is kept only if every switch to one phase lets its car charge
/// now and every accepted request the reference keeps on track stays on track; otherwise the switch latest in
/// session-id order is dropped and the rest tried again (the reference when none is left).</item>
/// </list>
/// At one phase a session's powers are a third of its 3-phase ones (the same current on one line), on the circuit
/// phase its charger uses then, so phase limits are those of a 1-phase session.
/// </summary>
internal static class PhaseSwitching
{
    public static bool Applies(GroupSnapshot snapshot) => snapshot.Sessions.Any(x => x.SwitchesToPhase != 0);

    public static GroupPlan Plan(GroupSnapshot snapshot, Func<GroupSnapshot, GroupPlan> planAtFixedPhases)
    {
        var model = GroupModel.From(snapshot);
        long step = model.PowerStepW;
        var reference = planAtFixedPhases(AtPhases(snapshot, new HashSet<string>(StringComparer.Ordinal)));
        var referenceById = reference.Sessions.ToDictionary(p => p.SessionId, StringComparer.Ordinal);

        var onePhase = new SortedSet<string>(StringComparer.Ordinal);
        for (int s = 0; s < model.SessionCount; s++)
        {
            var x = model.Sessions[s];
            if (x.SwitchesToPhase == 0)
                continue;
            var (min1, max1) = OnePhaseBounds(x, step);
            if (max1 <= 0 || min1 > max1)
                continue; // the car cannot charge at one phase within the connector's range
            long now = referenceById[x.SessionId].SetpointW;
            if (x.SwitchedToOnePhase)
            {
                if (now < BackToThreePhasesW(model, s, max1, min1))
                    onePhase.Add(x.SessionId);
            }
            else if (now == 0 && WantsEnergyNow(model, s))
                onePhase.Add(x.SessionId);
        }

        var wasOnePhase = model.Sessions.Where(x => x.SwitchedToOnePhase).Select(x => x.SessionId).ToHashSet(StringComparer.Ordinal);
        while (onePhase.Count > 0)
        {
            var plan = planAtFixedPhases(AtPhases(snapshot, onePhase));
            var byId = plan.Sessions.ToDictionary(p => p.SessionId, StringComparer.Ordinal);
            // A switch that still leaves the car paused only costs the charger a contactor cycle.
            var idle = onePhase.Where(id => !wasOnePhase.Contains(id) && byId[id].SetpointW == 0).ToList();
            if (idle.Count == 0 && KeepsPromises(reference, byId))
                return Marked(plan, snapshot, onePhase);
            if (idle.Count > 0)
                onePhase.ExceptWith(idle);
            else
                onePhase.Remove(onePhase.Max!);
        }
        return Marked(reference, snapshot, onePhase);
    }

    /// <summary>A switchable session's least and most power at one phase: a third of its 3-phase bounds, on the power step.</summary>
    public static (long MinW, long MaxW) OnePhaseBounds(SessionSnapshot x, long step)
    {
        long min = GroupModel.CeilDiv(GroupModel.CeilDiv(Math.Max(x.ConnectorMinW, x.VehicleMinW), 3), step) * step;
        long max = Math.Min(x.ConnectorMaxW, x.VehicleMaxW) / 3 / step * step;
        return (min, max);
    }

    /// <summary>What the 3-phase reference must give a session at one phase now for it to switch back (decision 0325).</summary>
    private static long BackToThreePhasesW(GroupModel model, int s, long max1, long min1) =>
        Math.Max(max1, model.MinW[s] + min1);

    /// <summary>Here now, with energy still wanted and a car that draws.</summary>
    private static bool WantsEnergyNow(GroupModel model, int s) =>
        model.WindowStart[s] == 0 && model.WindowEnd[s] > 0 && model.NeedUnits[s] > 0 && model.MaxW[s] > 0;

    /// <summary>Every accepted session the reference plans on track is still on track.</summary>
    private static bool KeepsPromises(GroupPlan reference, Dictionary<string, SessionPlan> plan) =>
        reference.Sessions.All(r => r.Status != SessionStatus.OnTrack || r.NeedWh is null || plan[r.SessionId].Status == SessionStatus.OnTrack);

    /// <summary>The snapshot the layers plan: the sessions named at one phase on their switch phase with a third of
    /// their bounds, every other one as it is; no session left switchable.</summary>
    private static GroupSnapshot AtPhases(GroupSnapshot snapshot, ISet<string> onePhase) => snapshot with
    {
        Sessions = [.. snapshot.Sessions.Select(x =>
        {
            if (x.SwitchesToPhase == 0)
                return x;
            if (!onePhase.Contains(x.SessionId))
                return x with { SwitchesToPhase = 0, SwitchedToOnePhase = false };
            return x with
            {
                Phases = 1,
                Phase = x.SwitchesToPhase,
                ConnectorMinW = GroupModel.CeilDiv(x.ConnectorMinW, 3),
                ConnectorMaxW = x.ConnectorMaxW / 3,
                VehicleMinW = GroupModel.CeilDiv(x.VehicleMinW, 3),
                VehicleMaxW = x.VehicleMaxW / 3,
                SwitchesToPhase = 0,
                SwitchedToOnePhase = false,
            };
        })],
    };

    /// <summary>The plan for the original snapshot, each switchable session marked with the phases it is planned at.</summary>
    private static GroupPlan Marked(GroupPlan plan, GroupSnapshot snapshot, ISet<string> onePhase)
    {
        var switchable = snapshot.Sessions.Where(x => x.SwitchesToPhase != 0).Select(x => x.SessionId).ToHashSet(StringComparer.Ordinal);
        return plan with
        {
            Sessions = [.. plan.Sessions.Select(p => switchable.Contains(p.SessionId) ? p with { Phases = onePhase.Contains(p.SessionId) ? 1 : 3 } : p)],
        };
    }
}
