using System.Collections.Concurrent;
using OliMove.Edge.Hosting;
using OliMove.Edge.Live;
using OliMove.Scheduling;
using OliMove.SiteMap.Model;
using OliMove.SiteMap.Topology;

namespace OliMove.Edge.Metering;

/// <summary>
/// The other load of a circuit measured now (decision 0238): its circuit meter minus the chargers' own power below
/// it, per line, never below 0. Null means "use the static reservation": no circuit meter, its reading is missing,
/// failing, garbage or stale, or PV feeds in below it (the meter sees load minus PV, and PV is planned separately).
/// A charger's power counts as the lower of its last reading and its setpoint, so that a reading taken before a
/// cut never makes the building look smaller than it is. Only the circuit's own meter is used; meters on single
/// loads are read and reported but not yet used for headroom.
/// </summary>
public sealed class MeasuredOtherLoad(SiteState site, LiveSiteState live, MeterReadings meters)
{
    private readonly ConcurrentDictionary<string, MeasuredLoad> _usedByPlan = new(StringComparer.Ordinal);

    public MeasuredLoad? Now(CircuitNode circuit)
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

        var chargers = new long[3];
        foreach (var cp in group.ChargePoints.Where(c => Below(topology, c.CircuitId, circuit.Id)))
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

    private static bool Below(SiteTopology topology, string circuitId, string ancestorId) =>
        topology.PathToRoot(circuitId).Any(c => c.Id == ancestorId);
}
