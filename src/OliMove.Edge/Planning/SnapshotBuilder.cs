using OliMove.Edge.Dispatch;
using OliMove.Edge.Hosting;
using OliMove.Edge.Live;
using OliMove.Edge.Metering;
using OliMove.Edge.Upstream.Constraints;
using OliMove.Scheduling;
using OliMove.SiteMap.Model;
using OliMove.SiteMap.Topology;
using OliMove.Storage;

namespace OliMove.Edge.Planning;

/// <summary>
/// Builds one charging group's allocator snapshot from the site map, SQLite and live state. All unit
/// conversions (A → W at the nominal voltage) happen here, at the edge; the allocator sees watts only.
/// </summary>
public sealed class SnapshotBuilder(
    SiteState site,
    LiveSiteState live,
    TransactionRepository transactions,
    ChargingRequestRepository requests,
    IPvSurplusSource pv,
    BackendLimitSource backendLimits,
    SilenceThreshold silence,
    TimeProvider time,
    ProfileRefusals refusals,
    MeasuredOtherLoad measured,
    OtherLoadForecastSource otherLoadForecast,
    Batteries.BatteryLiveState batteries,
    Phases.ConnectorPhases phases)
{
    public async Task<GroupSnapshot> BuildAsync(ChargingGroup group, DateTimeOffset slotStart, int horizonSlots, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        // Later slots of a metered circuit plan with the other load's forecast (decision 0314).
        var circuits = await otherLoadForecast.ApplyAsync(BuildCircuits(group, slotStart, horizonSlots, now), slotStart, SlotClock.SlotSeconds, now, ct);
        var sessions = new List<SessionSnapshot>();
        var active = await transactions.ListActiveAsync(ct);
        IReadOnlyList<FailSafeShare>? shares = null;
        foreach (var tx in active.OrderBy(t => t.Id))
        {
            if (site.Topology.GroupOf(tx.ChargePointId)?.Id != group.Id)
            {
                continue;
            }

            var chargePoint = site.Topology.FindChargePoint(tx.ChargePointId)!;
            var connector = site.Topology.FindConnector(tx.ChargePointId, tx.ConnectorId);
            if (connector is null)
            {
                continue; // a connector removed from the site map: nothing may be planned for it
            }

            var request = await requests.GetOpenForConnectorAsync(tx.ChargePointId, tx.ConnectorId, ct);
            var session = Session(chargePoint, connector, tx, request, slotStart);
            if (IsSilent(tx.ChargePointId, now))
            {
                // A silent charger runs on its fail-safe default: plan exactly that share for it (it may draw it,
                // and nothing we send reaches it), never a full setpoint.
                shares ??= FailSafeShareCalculator.Calculate(site.Topology, group);
                var share = shares.FirstOrDefault(f => f.ChargePointId == tx.ChargePointId && f.ConnectorId == tx.ConnectorId)?.PowerW ?? 0;
                // On the allocator's power step (3600 / slot seconds W), so that its minimum does not round above its maximum.
                share = share / (3600 / SlotClock.SlotSeconds) * (3600 / SlotClock.SlotSeconds);
                session = session with { ConnectorMinW = share, ConnectorMaxW = share, VehicleMinW = share, VehicleMaxW = share };
            }
            else
            {
                // A 1-phase car seen on a 3-phase connector, or a charger that switches phases (decisions 0324, 0326).
                session = phases.Apply(session, group.Id, tx.ChargePointId, connector, (int)tx.Id, site.Topology.NominalVoltageV);
            }

            sessions.Add(session);
        }

        // A promise made before the car is plugged in still holds its capacity: admission of the next driver must
        // count it. It is planned as if the car could charge from now (what admission assumed); nothing is sent
        // for it until its transaction starts, and it lapses at its departure.
        var plugged = sessions.Select(s => s.ConnectorId).ToHashSet(StringComparer.Ordinal);
        foreach (var request in (await requests.ListOpenAsync(ct)).OrderBy(r => r.Id))
        {
            if (request is not { State: ChargingRequestState.Accepted, OptIn: true, Departure: { } departure, EnergyRequestedWh: { } energy }
                || departure <= slotStart
                || site.Topology.GroupOf(request.ChargePointId)?.Id != group.Id
                || site.Topology.FindConnector(request.ChargePointId, request.ConnectorId) is null
                || plugged.Contains(PlanIds.ConnectorKey(request.ChargePointId, request.ConnectorId)))
            {
                continue;
            }

            sessions.Add(ProspectiveSession(request.ChargePointId, request.ConnectorId, slotStart, departure, (long)Math.Ceiling(energy), 0) with { Accepted = true });
        }

        // The CPO backend's limits become virtual circuits (decision 0155); without any, the snapshot is unchanged.
        // The group's batteries that answer now (decision 0310); a group without one keeps its snapshot form.
        return await backendLimits.ApplyAsync(new GroupSnapshot(group.Id, slotStart, SlotClock.SlotSeconds, horizonSlots, circuits, sessions, Batteries: batteries.For(group)), group, ct);
    }

    /// <summary>The snapshot session for a request not yet plugged in (admission asks about it before the car charges).</summary>
    public SessionSnapshot ProspectiveSession(string chargePointId, int connectorId, DateTimeOffset arrival, DateTimeOffset departure, long energyWh, long deliveredWh)
    {
        var chargePoint = site.Topology.FindChargePoint(chargePointId) ?? throw new ArgumentException($"unknown charge point '{chargePointId}'");
        var connector = site.Topology.FindConnector(chargePointId, connectorId) ?? throw new ArgumentException($"charge point '{chargePointId}' has no connector {connectorId}");
        var (minW, maxW) = ConnectorPower(connector);
        return new SessionSnapshot(
            PlanIds.SessionIdOfConnector(chargePointId, connectorId), PlanIds.ConnectorKey(chargePointId, connectorId), backendLimits.CircuitOf(chargePointId, connectorId, chargePoint.CircuitId),
            connector.Phases, PhaseNumber(connector), minW, maxW, minW, live.VehicleMaxW(chargePointId, connectorId) ?? maxW,
            arrival, departure, energyWh, deliveredWh, OptedIn: true, Accepted: false);
    }

    /// <summary>True when the charger is silent (<see cref="ChargePointLive.IsSilent"/>) at <paramref name="now"/>.</summary>
    public bool IsSilent(string chargePointId, DateTimeOffset now) =>
        live.ChargePoint(chargePointId).IsSilent(now, silence.After);

    private SessionSnapshot Session(ChargePointDefinition chargePoint, ConnectorDefinition connector, TransactionRecord tx, ChargingRequestRecord? request, DateTimeOffset slotStart)
    {
        var (minW, maxW) = ConnectorPower(connector);
        var connectorLive = live.Connector(tx.ChargePointId, tx.ConnectorId);
        var register = connectorLive.TransactionId == tx.Id ? connectorLive.EnergyRegisterWh : null;
        var delivered = register is { } r ? Math.Max(0, (long)Math.Floor(r) - tx.MeterStartWh) : 0;
        var optedIn = request is { OptIn: true };
        var accepted = request is { OptIn: true, State: ChargingRequestState.Accepted or ChargingRequestState.Active };
        return new SessionSnapshot(
            PlanIds.SessionIdOf(tx.Id),
            PlanIds.ConnectorKey(tx.ChargePointId, tx.ConnectorId),
            chargePoint.CircuitId,
            connector.Phases,
            PhaseNumber(connector),
            minW,
            maxW,
            VehicleMinW: minW,
            // Never below the connector's minimum: a tapering car that draws under 6 A would otherwise be offered 0 for
            // good (nothing drawn, nothing learned); offering the minimum is safe, the car simply takes less (demo E2E test).
            VehicleMaxW: Math.Max(minW, Math.Min(maxW, DrawCap(tx.ChargePointId, connectorLive) ?? live.VehicleMaxW(tx.ChargePointId, tx.ConnectorId) ?? maxW)),
            // The car is plugged in now, whatever the charger's clock said at its start: the allocator only plans
            // a session from the first period it was present at the start of.
            tx.StartedAt < slotStart ? tx.StartedAt : slotStart,
            optedIn ? request!.Departure : null,
            optedIn && request!.EnergyRequestedWh is { } e ? (long)Math.Ceiling(e) : null,
            delivered,
            optedIn,
            accepted);
    }

    /// <summary>
    /// A charger that refuses our profiles draws what it draws, whatever we plan: its session is capped at its
    /// measured power, so the plan gives its neighbours what it leaves unused (decision 0173).
    /// </summary>
    private long? DrawCap(string chargePointId, ConnectorLive connector) =>
        refusals.IsRefusing(chargePointId) ? connector.MeasuredW : null;

    /// <summary>A connector's min and max in W: min current is rounded up, max down, so neither rounding breaks a limit.</summary>
    public (long MinW, long MaxW) ConnectorPower(ConnectorDefinition connector) => ConnectorPower(connector, site.Topology.NominalVoltageV);

    /// <inheritdoc cref="ConnectorPower(ConnectorDefinition)"/>
    public static (long MinW, long MaxW) ConnectorPower(ConnectorDefinition connector, double phaseVoltageV)
    {
        var v = phaseVoltageV * connector.Phases;
        var minW = (long)Math.Ceiling(connector.MinCurrentA * v);
        var maxW = (long)Math.Floor(Math.Min(connector.RatedPowerW, connector.MaxCurrentA * v));
        return (minW, Math.Max(minW, maxW));
    }

    private static int PhaseNumber(ConnectorDefinition connector) =>
        connector.Phases == 3 ? 0 : connector.Phase switch
        {
            PhaseConductor.L1 => 1,
            PhaseConductor.L2 => 2,
            PhaseConductor.L3 => 3,
            _ => 1,
        };

    private List<CircuitSnapshot> BuildCircuits(ChargingGroup group, DateTimeOffset slotStart, int horizonSlots, DateTimeOffset now)
    {
        // PV relieves the circuit it feeds and every circuit above it.
        var pvByCircuit = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var inverter in group.PvInverters)
        {
            foreach (var circuit in site.Topology.PathToRoot(inverter.CircuitId))
            {
                if (!pvByCircuit.TryGetValue(circuit.Id, out var list))
                {
                    pvByCircuit[circuit.Id] = list = [];
                }

                list.Add(inverter.Id);
            }
        }

        var result = new List<CircuitSnapshot>();
        foreach (var circuit in group.Circuits)
        {
            var guaranteed = (long)Math.Floor(Math.Max(0, circuit.AvailableW));
            var surplus = pvByCircuit.TryGetValue(circuit.Id, out var inverters)
                ? pv.SurplusW(inverters, slotStart, horizonSlots, now)
                : new long[horizonSlots];
            PhaseSeries? phaseGuaranteed = null;
            PhaseSeries? phaseSurplus = null;
            if (circuit.PhaseLimitW is { } phaseLimit)
            {
                // Each line keeps what its own loads need (a single-phase load whole on its line).
                long[] Line(int k) => Enumerable.Repeat((long)Math.Floor(Math.Max(0, phaseLimit - circuit.ReservedPerLineW[k])), horizonSlots).ToArray();
                phaseGuaranteed = new PhaseSeries(Line(0), Line(1), Line(2));
                var s = surplus.Select(w => w / 3).ToArray();
                phaseSurplus = new PhaseSeries(s, s, s);
            }

            // The slot under way plans with the measured other load where a meter gives one (decision 0238).
            result.Add(measured.WithMeasuredNow(
                new CircuitSnapshot(circuit.Id, circuit.ParentId, Enumerable.Repeat(guaranteed, horizonSlots).ToArray(), surplus, phaseGuaranteed, phaseSurplus),
                circuit, slotStart, SlotClock.SlotSeconds, now));
        }

        return result;
    }
}
