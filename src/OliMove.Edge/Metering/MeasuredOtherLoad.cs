using System.Collections.Concurrent;
using OliMove.Edge.Batteries;
using OliMove.Edge.Hosting;
using OliMove.Edge.Live;
using OliMove.Modbus.Polling;
using OliMove.Scheduling;
using OliMove.SiteMap.Model;
using OliMove.SiteMap.Topology;
using OliMove.Storage;

namespace OliMove.Edge.Metering;

/// <summary>
/// The other load of a circuit measured now (decision 0238): its circuit meter minus the chargers' own power below
/// it, per line, never below 0. Null means "use the static reservation": no circuit meter, its reading is missing,
/// failing, garbage or stale, or PV feeds in below it (the meter sees load minus PV, and PV is planned separately).
/// A charger's power counts as the lower of its last reading and its setpoint, so that a reading taken before a
/// cut never makes the building look smaller than it is. Without a usable circuit meter (decision 0351), meters on the
/// circuit's other loads give those loads' power (the others at their declared worst case), and else a grid meter's
/// residual (grid − every charger − batteries + PV) bounds the declared worst case from above.
/// </summary>
public sealed class MeasuredOtherLoad(
    SiteState site,
    LiveSiteState live,
    MeterReadings meters,
    PvLiveState? pv = null,
    BatteryLiveState? batteries = null,
    TimeProvider? time = null)
{
    private readonly ConcurrentDictionary<string, MeasuredLoad> _usedByPlan = new(StringComparer.Ordinal);

    /// <summary>The circuit's measured other load now, from whichever source gives one; null: the static reservation.</summary>
    public MeasuredLoad? Now(CircuitNode circuit) => Source(circuit)?.Now;

    /// <summary>The circuit's measured other load now and where it comes from (decision 0351); null: the static reservation.</summary>
    public CircuitOtherLoad? Source(CircuitNode circuit)
    {
        ArgumentNullException.ThrowIfNull(circuit);
        if (CircuitMeterNow(circuit) is { } own)
        {
            return new CircuitOtherLoad(OtherLoadSource.Circuit, own);
        }

        // A circuit meter that is declared but not usable means the static reservation (decision 0238), not a weaker source.
        var topology = site.Topology;
        if (topology.Map.Meters.Any(m => m.Attachment == MeterAttachment.Circuit && m.TargetId == circuit.Id))
        {
            return null;
        }

        return LoadMetersNow(circuit) ?? GridBoundNow(circuit);
    }

    /// <summary>A metered other load's own power now, per line (a single-phase load on its line), or null when its meter is not usable.</summary>
    public MeasuredLoad? LoadNow(OtherLoadDefinition load)
    {
        ArgumentNullException.ThrowIfNull(load);
        var meter = site.Topology.Map.Meters.FirstOrDefault(m => m.Attachment == MeterAttachment.OtherLoad && m.TargetId == load.Id);
        if (meter is null || meters.Usable(meter.Id) is not { } reading)
        {
            return null;
        }

        var total = reading.TotalW ?? (reading.PhaseW.Count > 0 && reading.PhaseW.All(p => p is not null) ? reading.PhaseW.Sum(p => p!.Value) : null);
        if (total is not { } t)
        {
            return null;
        }

        t = Math.Max(0, t);
        if (load.Phases.Count == 1)
        {
            var lines = new long[3];
            lines[(int)load.Phases[0]] = t;
            return new MeasuredLoad(t, lines[0], lines[1], lines[2]);
        }

        if (reading.PhaseW.Count == 3 && reading.PhaseW.All(p => p is not null))
        {
            var phases = reading.PhaseW.Select(p => Math.Max(0, p!.Value)).ToArray();
            return new MeasuredLoad(t, phases[0], phases[1], phases[2]);
        }

        // Only a total for a three-phase load: it may sit on any one line (as for a circuit meter, decision 0238).
        return new MeasuredLoad(t, t, t, t);
    }

    /// <summary>
    /// The grid meter's residual now: what the grid connection carries that is neither a charger, nor a battery, nor
    /// offset by PV (grid − chargers − battery charging + PV output), per line; null without a usable grid meter, or
    /// when a PV inverter or a battery of the site has no usable reading (its power is unknown, so is the residual).
    /// </summary>
    public MeasuredLoad? GridResidualNow(out string? meterId)
    {
        var topology = site.Topology;
        var meter = topology.Map.Meters.FirstOrDefault(m => m.Attachment == MeterAttachment.GridConnection);
        meterId = meter?.Id;
        if (meter is null || meters.Usable(meter.Id) is not { } reading)
        {
            return null;
        }

        var lines = new long[3];
        var now = (time ?? TimeProvider.System).GetUtcNow();
        foreach (var inverter in topology.Map.PvInverters)
        {
            // PV adds back what the meter does not see; an unknown PV output could make the residual too small.
            if (pv?.Latest(inverter.Id, now) is not { Status: PvReadingStatus.Ok, MeasuredPowerW: { } w })
            {
                return null;
            }

            Spread(lines, (long)Math.Floor(Math.Max(0, w)));
        }

        foreach (var battery in topology.Map.Batteries)
        {
            // A charging battery is not other load; a battery whose power is unknown could be either.
            if (batteries?.Health().FirstOrDefault(b => b.BatteryId == battery.Id) is not { Status: "ok" or "not following", PowerW: { } w })
            {
                return null;
            }

            Spread(lines, -w);
        }

        var chargers = ChargersBelow(topology, topology.Groups.SelectMany(g => g.ChargePoints), null);
        long? total = reading.TotalW is { } g ? g - chargers.Sum() + lines.Sum() : null;
        if (reading.PhaseW.Count == 3 && reading.PhaseW.All(p => p is not null))
        {
            var phases = reading.PhaseW.Select((p, i) => Math.Max(0, p!.Value - chargers[i] + lines[i])).ToArray();
            return new MeasuredLoad(Math.Max(0, total ?? phases.Sum()), phases[0], phases[1], phases[2]);
        }

        return total is { } other ? new MeasuredLoad(Math.Max(0, other), Math.Max(0, other), Math.Max(0, other), Math.Max(0, other)) : null;
    }

    private MeasuredLoad? CircuitMeterNow(CircuitNode circuit)
    {
        var topology = site.Topology;
        var meter = topology.Map.Meters.FirstOrDefault(m => m.Attachment == MeterAttachment.Circuit && m.TargetId == circuit.Id);
        if (meter is null || meters.Usable(meter.Id) is not { } reading)
        {
            return null;
        }

        var group = topology.Groups.FirstOrDefault(g => g.Id == circuit.GroupId);
        if (group is null || group.PvInverters.Any(pv => Below(topology, pv.CircuitId, circuit.Id)))
        {
            return null;
        }

        var chargers = ChargersBelow(topology, group.ChargePoints, circuit.Id);

        long? total = reading.TotalW is { } t ? Math.Max(0, t - chargers.Sum()) : null;
        if (reading.PhaseW.Count == 3 && reading.PhaseW.All(p => p is not null))
        {
            var phases = reading.PhaseW.Select((p, i) => Math.Max(0, p!.Value - chargers[i])).ToArray();
            return new MeasuredLoad(total ?? phases.Sum(), phases[0], phases[1], phases[2]);
        }

        // Without three phases the whole other load may sit on any one line: reserve it on each (conservative).
        return total is { } other ? new MeasuredLoad(other, other, other, other) : null;
    }

    /// <summary>
    /// The circuit's snapshot with the slot that holds <paramref name="now"/> limited by the measured other load
    /// instead of the static reservation; later slots are <see cref="OtherLoadForecastSource"/>'s (decision 0314).
    /// Unchanged when nothing usable is measured.
    /// </summary>
    public CircuitSnapshot WithMeasuredNow(CircuitSnapshot snapshot, CircuitNode circuit, DateTimeOffset slotStart, int slotSeconds, DateTimeOffset now)
    {
        var slot = (int)Math.Floor((now - slotStart).TotalSeconds / slotSeconds);
        if (slot < 0 || slot >= snapshot.GuaranteedW.Count || Now(circuit) is not { } load)
        {
            ForgetUsedByPlan(circuit.Id);
            return snapshot;
        }

        UsedByPlan(circuit.Id, load);
        var total = snapshot.GuaranteedW.ToArray();
        total[slot] = (long)Math.Floor(Math.Max(0, circuit.LimitW - load.TotalW));
        var phases = snapshot.PhaseGuaranteedW;
        if (phases is not null && circuit.PhaseLimitW is { } phaseLimit)
        {
            long[] Line(IReadOnlyList<long> series, long measured)
            {
                var copy = series.ToArray();
                copy[slot] = (long)Math.Floor(Math.Max(0, phaseLimit - measured));
                return copy;
            }

            phases = new PhaseSeries(Line(phases.L1, load.L1W), Line(phases.L2, load.L2W), Line(phases.L3, load.L3W));
        }

        return snapshot with { GuaranteedW = total, PhaseGuaranteedW = phases };
    }

    /// <summary>Called when a snapshot plans with a measured value; the poller compares new readings with it.</summary>
    public void UsedByPlan(string circuitId, MeasuredLoad load) => _usedByPlan[circuitId] = load;

    /// <summary>The measured value the last plan used for this circuit, or null when it used the static reservation.</summary>
    public MeasuredLoad? LastUsedByPlan(string circuitId) => _usedByPlan.GetValueOrDefault(circuitId);

    public void ForgetUsedByPlan(string circuitId) => _usedByPlan.TryRemove(circuitId, out _);

    /// <summary>Meters on the circuit's other loads (decision 0351); null when none of them reads now.</summary>
    private CircuitOtherLoad? LoadMetersNow(CircuitNode circuit)
    {
        var topology = site.Topology;
        var loads = topology.Map.OtherLoads.Where(l => Below(topology, l.CircuitId, circuit.Id)).OrderBy(l => l.Id, StringComparer.Ordinal).ToList();
        var parts = loads.Select(l => (Load: l, MeterId: topology.Map.Meters.FirstOrDefault(m => m.Attachment == MeterAttachment.OtherLoad && m.TargetId == l.Id)?.Id, Measured: LoadNow(l))).ToList();
        if (!parts.Any(p => p.Measured is not null))
        {
            return null;
        }

        // Unmetered (or failing) loads keep their declared worst case on their own lines, as the static reservation does.
        long total = 0, l1 = 0, l2 = 0, l3 = 0;
        foreach (var (load, _, measured) in parts)
        {
            var m = measured ?? StaticLoad(load);
            total += m.TotalW;
            l1 += m.L1W;
            l2 += m.L2W;
            l3 += m.L3W;
        }

        return new CircuitOtherLoad(OtherLoadSource.Load, new MeasuredLoad(total, l1, l2, l3)) { Loads = parts };
    }

    /// <summary>The grid meter's residual as a bound of the circuit's declared worst case (decision 0351).</summary>
    private CircuitOtherLoad? GridBoundNow(CircuitNode circuit)
    {
        if (circuit.ReservedW <= 0 || GridResidualNow(out var meterId) is not { } residual)
        {
            return null;
        }

        // Every other load is at least 0 W, so none of them draws more than the whole residual: the circuit's own ones
        // draw at most the residual, and at most their declared worst case.
        var worst = StaticLoad(circuit);
        var bound = new MeasuredLoad(
            Math.Min(worst.TotalW, residual.TotalW), Math.Min(worst.L1W, residual.L1W), Math.Min(worst.L2W, residual.L2W), Math.Min(worst.L3W, residual.L3W));
        return new CircuitOtherLoad(OtherLoadSource.Grid, bound) { GridMeterId = meterId, GridResidual = residual };
    }

    /// <summary>A declared load as the static reservation counts it: a three-phase load a third (rounded up) on each
    /// line, a single-phase load all of it on its own line.</summary>
    public static MeasuredLoad StaticLoad(OtherLoadDefinition load)
    {
        if (load.Phases.Count == 1)
        {
            return load.Phases[0] switch
            {
                PhaseConductor.L1 => new MeasuredLoad(load.PowerW, load.PowerW, 0, 0),
                PhaseConductor.L2 => new MeasuredLoad(load.PowerW, 0, load.PowerW, 0),
                _ => new MeasuredLoad(load.PowerW, 0, 0, load.PowerW),
            };
        }

        var line = (load.PowerW + 2) / 3;
        return new MeasuredLoad(load.PowerW, line, line, line);
    }

    /// <summary>A circuit's whole static reservation, in total and per line (rounded up).</summary>
    public static MeasuredLoad StaticLoad(CircuitNode circuit) => new(
        (long)Math.Ceiling(circuit.ReservedW),
        (long)Math.Ceiling(circuit.ReservedPerLineW[0]),
        (long)Math.Ceiling(circuit.ReservedPerLineW[1]),
        (long)Math.Ceiling(circuit.ReservedPerLineW[2]));

    /// <summary>The chargers' power per line below <paramref name="circuitId"/> (everywhere when null), each at min(reading, setpoint).</summary>
    private long[] ChargersBelow(SiteTopology topology, IEnumerable<ChargePointDefinition> chargePoints, string? circuitId)
    {
        var chargers = new long[3];
        foreach (var cp in chargePoints.Where(c => circuitId is null || Below(topology, c.CircuitId, circuitId)))
        {
            foreach (var connector in cp.Connectors)
            {
                var state = live.Connector(cp.ChargePointId, connector.ConnectorId);
                var w = Math.Max(0, state.MeasuredW ?? 0);
                if (state.SetpointW is { } setpoint)
                {
                    w = Math.Min(w, Math.Max(0, setpoint));
                }

                if (connector.Phases == 1 && connector.Phase is { } line)
                {
                    chargers[(int)line] += w;
                }
                else
                {
                    for (var i = 0; i < 3; i++)
                    {
                        chargers[i] += w / 3;
                    }
                }
            }
        }

        return chargers;
    }

    private static void Spread(long[] lines, long w)
    {
        for (var i = 0; i < 3; i++)
        {
            lines[i] += w / 3;
        }
    }

    private static bool Below(SiteTopology topology, string circuitId, string ancestorId) =>
        topology.PathToRoot(circuitId).Any(c => c.Id == ancestorId);
}
