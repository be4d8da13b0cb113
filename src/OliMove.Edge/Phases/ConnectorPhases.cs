using System.Collections.Concurrent;
using OliMove.Scheduling;
using OliMove.SiteMap.Model;

namespace OliMove.Edge.Phases;

/// <summary>
/// What the site knows of the phases its cars charge on (decisions 0324, 0326): a 1-phase car seen on a 3-phase
/// connector (by <see cref="OnePhaseCarWatch"/>, per transaction), and which switchable sessions the last plan of
/// their group put at one phase (the allocator's hysteresis state). Memory only: after a restart every car is
/// planned at three phases until its currents are seen again, which is the cautious side for the group's totals.
/// </summary>
public sealed class ConnectorPhases
{
    private readonly ConcurrentDictionary<(string ChargePointId, int ConnectorId), (int TransactionId, int Phase)> _onePhaseCars = new();
    private readonly ConcurrentDictionary<string, IReadOnlySet<string>> _onePhaseByGroup = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _chargerSwitches = new(StringComparer.Ordinal);

    /// <summary>What a charger reported after boot as ConnectorSwitch3to1PhaseSupported (OCPP 1.6 §9.4.4); null forgets it.</summary>
    public void ChargerSwitches(string chargePointId, bool? supported)
    {
        if (supported is { } value)
        {
            _chargerSwitches[chargePointId] = value;
        }
        else
        {
            _chargerSwitches.TryRemove(chargePointId, out _);
        }
    }

    /// <summary>The site map says the connector switches and the charger has not said it cannot (decision 0327).</summary>
    public bool CanSwitch(string chargePointId, ConnectorDefinition connector) =>
        connector is { Phases: 3, SwitchesToOnePhase: not null } && _chargerSwitches.GetValueOrDefault(chargePointId, true);

    /// <summary>The site phase (1..3) a 1-phase car charges on during transaction <paramref name="transactionId"/>; null when none was seen.</summary>
    public int? OnePhaseCar(string chargePointId, int connectorId, int transactionId) =>
        _onePhaseCars.TryGetValue((chargePointId, connectorId), out var car) && car.TransactionId == transactionId ? car.Phase : null;

    /// <summary>Records what the per-phase currents say; true when it changed what is known.</summary>
    public bool SeeCar(string chargePointId, int connectorId, int transactionId, int? onePhase)
    {
        var key = (chargePointId, connectorId);
        if (onePhase is { } phase)
        {
            var before = _onePhaseCars.TryGetValue(key, out var car) && car.TransactionId == transactionId ? car.Phase : (int?)null;
            _onePhaseCars[key] = (transactionId, phase);
            return before != phase;
        }

        if (_onePhaseCars.TryGetValue(key, out var known) && known.TransactionId == transactionId)
        {
            _onePhaseCars.TryRemove(key, out _);
            return true;
        }

        return false;
    }

    /// <summary>The last plan of <paramref name="plan"/>'s group: which switchable sessions it put at one phase.</summary>
    public void RecordPlan(GroupPlan plan) =>
        _onePhaseByGroup[plan.GroupId] = plan.Sessions.Where(s => s.Phases == 1).Select(s => s.SessionId).ToHashSet(StringComparer.Ordinal);

    /// <summary>Whether the last plan of the group put session <paramref name="sessionId"/> at one phase.</summary>
    public bool PlannedAtOnePhase(string groupId, string sessionId) =>
        _onePhaseByGroup.TryGetValue(groupId, out var ids) && ids.Contains(sessionId);

    /// <summary>
    /// A running session on a 3-phase connector as its phases are known: a 1-phase car becomes a 1-phase session on
    /// the phase it uses, with its bounds at one phase; a connector that switches carries its switch phase and the
    /// mode the last plan chose (its powers stay at three phases, the allocator divides). Others are unchanged.
    /// </summary>
    public SessionSnapshot Apply(SessionSnapshot session, string groupId, string chargePointId, ConnectorDefinition connector, int transactionId, double phaseVoltageV)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(connector);
        if (connector.Phases != 3)
        {
            return session;
        }

        if (OnePhaseCar(chargePointId, connector.ConnectorId, transactionId) is { } phase)
        {
            var minW = (long)Math.Ceiling(connector.MinCurrentA * phaseVoltageV);
            var maxW = Math.Max(minW, (long)Math.Floor(Math.Min(connector.RatedPowerW, connector.MaxCurrentA * phaseVoltageV)));
            return session with
            {
                Phases = 1,
                Phase = phase,
                ConnectorMinW = minW,
                ConnectorMaxW = maxW,
                VehicleMinW = minW,
                VehicleMaxW = Math.Clamp(session.VehicleMaxW, minW, maxW),
            };
        }

        if (CanSwitch(chargePointId, connector) && connector.SwitchesToOnePhase is { } to)
        {
            var switched = PlannedAtOnePhase(groupId, session.SessionId);
            return session with
            {
                SwitchesToPhase = PhaseNumber(to),
                SwitchedToOnePhase = switched,
                // What the car drew at one phase is a third of what it takes at three (the same current per line).
                VehicleMaxW = switched ? Math.Min(session.ConnectorMaxW, 3 * session.VehicleMaxW) : session.VehicleMaxW,
            };
        }

        return session;
    }

    /// <summary>The phases a transaction's profile carries: the plan's for a switchable session, 1 for a 1-phase car, else null.</summary>
    public int? ProfilePhases(SessionPlan session, string chargePointId, int connectorId, int transactionId) =>
        session.Phases ?? (OnePhaseCar(chargePointId, connectorId, transactionId) is not null ? 1 : null);

    /// <summary>The site line (0..2) a 3-phase connector's session loads alone: its switch line when the plan put it at
    /// one phase, the line its 1-phase car uses; null when it loads all three.</summary>
    public int? OneLine(SessionPlan session, ConnectorDefinition connector, string chargePointId, int transactionId)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(connector);
        if (connector.Phases != 3)
        {
            return null;
        }

        if (session.Phases == 1 && connector.SwitchesToOnePhase is { } to)
        {
            return PhaseNumber(to) - 1;
        }

        return OnePhaseCar(chargePointId, connector.ConnectorId, transactionId) is { } phase ? phase - 1 : null;
    }

    public static int PhaseNumber(PhaseConductor conductor) => conductor switch
    {
        PhaseConductor.L1 => 1,
        PhaseConductor.L2 => 2,
        _ => 3,
    };
}
