using System.Globalization;
using OliMove.Edge.Planning;
using OliMove.Ocpp.Messages;
using OliMove.Scheduling;
using OliMove.SiteMap.Model;

namespace OliMove.Edge.Upstream.Constraints;

/// <summary>
/// Turns the backend's charging profiles into hard limits of the allocator's snapshot, without any change to the
/// allocator (decision 0155): a charger with a ChargePointMaxProfile gets a virtual circuit below its own circuit,
/// and a connector with a TxDefaultProfile (or a TxProfile on its transaction) gets one below that, each carrying
/// the composed limit per slot as guaranteed capacity and no PV surplus. The connector's sessions hang on the
/// deepest one. Capacity along a session's path is the minimum, so the limit caps what is planned and what
/// admission may promise; being part of the snapshot, it is canonical, hashed and replayed by `verify`.
/// Pure: no clock, no I/O.
/// </summary>
public static class BackendLimitCircuits
{
    /// <summary>Prefix of the virtual circuits' ids; `:` keeps them apart from the ids technicians write.</summary>
    public const string Prefix = "backend-limit:";

    public static string ChargerCircuitId(string chargePointId) => Prefix + chargePointId;

    public static string ConnectorCircuitId(string chargePointId, int connectorId) =>
        string.Create(CultureInfo.InvariantCulture, $"{Prefix}{chargePointId}/{connectorId}");

    /// <summary>
    /// The snapshot with the backend limits of <paramref name="chargePoints"/> (the group's) added; the very same
    /// snapshot when none of them has a backend profile, so that a site without a backend plans and hashes as before.
    /// </summary>
    public static GroupSnapshot Apply(
        GroupSnapshot snapshot, IReadOnlyList<ChargePointDefinition> chargePoints, IReadOnlyList<StoredBackendProfile> profiles, double phaseVoltageV)
    {
        var byCharger = profiles.ToLookup(p => p.ChargePointId, StringComparer.Ordinal);
        if (!chargePoints.Any(cp => byCharger.Contains(cp.ChargePointId)))
        {
            return snapshot;
        }

        var circuits = snapshot.Circuits.ToList();
        var sessions = snapshot.Sessions.ToList();
        var voltage = (decimal)phaseVoltageV;
        foreach (var cp in chargePoints.OrderBy(c => c.ChargePointId, StringComparer.Ordinal))
        {
            var own = byCharger[cp.ChargePointId].ToList();
            if (own.Count == 0)
            {
                continue;
            }

            var unlimitedW = Math.Max(1, cp.Connectors.Sum(c => SnapshotBuilder.ConnectorPower(c, phaseVoltageV).MaxW));
            var chargerMax = own.Where(p => p.Purpose == ChargingProfilePurposeType.ChargePointMaxProfile).Select(p => p.Profile).ToList();
            string? chargerNode = null;
            if (chargerMax.Count > 0)
            {
                chargerNode = ChargerCircuitId(cp.ChargePointId);
                circuits.Add(Node(chargerNode, cp.CircuitId, snapshot, unlimitedW, voltage, (at, _) => BackendScheduleEvaluator.Prevailing(chargerMax, at, null, voltage), chargerMax, null));
            }

            foreach (var connector in cp.Connectors)
            {
                var key = PlanIds.ConnectorKey(cp.ChargePointId, connector.ConnectorId);
                var sessionIndex = sessions.FindIndex(s => s.ConnectorId == key);
                var session = sessionIndex < 0 ? null : sessions[sessionIndex];
                var txProfiles = session is null ? [] : own
                    .Where(p => p.Purpose == ChargingProfilePurposeType.TxProfile && p.ConnectorId == connector.ConnectorId
                        && PlanIds.SessionIdOf(p.Profile.TransactionId ?? -1) == session.SessionId)
                    .Select(p => p.Profile).ToList();
                var defaults = DefaultsFor(own, connector.ConnectorId);
                string? connectorNode = null;
                if (txProfiles.Count > 0 || defaults.Count > 0)
                {
                    connectorNode = ConnectorCircuitId(cp.ChargePointId, connector.ConnectorId);
                    var sessionStart = session?.Arrival ?? snapshot.SlotStart;
                    circuits.Add(Node(
                        connectorNode, chargerNode ?? cp.CircuitId, snapshot, unlimitedW, voltage,
                        // OCPP 1.6 §3.13.1: a TxProfile overrules the defaults for its transaction.
                        (at, start) => BackendScheduleEvaluator.Prevailing(txProfiles, at, start, voltage) ?? BackendScheduleEvaluator.Prevailing(defaults, at, start, voltage),
                        [.. txProfiles, .. defaults],
                        sessionStart));
                }

                if (session is not null && (connectorNode ?? chargerNode) is { } node)
                {
                    sessions[sessionIndex] = session with { CircuitId = node };
                }
            }
        }

        return snapshot with { Circuits = circuits, Sessions = sessions };
    }

    /// <summary>
    /// The circuit a new session on the connector hangs on, matching <see cref="Apply"/> (a prospective session has
    /// no transaction, so only the defaults and the charger's maximum can cap it).
    /// </summary>
    public static string CircuitOf(string chargePointId, int connectorId, string chargerCircuitId, IReadOnlyList<StoredBackendProfile> profiles)
    {
        var own = profiles.Where(p => p.ChargePointId == chargePointId).ToList();
        if (DefaultsFor(own, connectorId).Count > 0)
        {
            return ConnectorCircuitId(chargePointId, connectorId);
        }

        return own.Any(p => p.Purpose == ChargingProfilePurposeType.ChargePointMaxProfile) ? ChargerCircuitId(chargePointId) : chargerCircuitId;
    }

    /// <summary>
    /// The TxDefaultProfiles that apply to a connector: its own, and connector 0's at the stack levels it has none
    /// of (a connector's default replaces connector 0's only for that connector, OCPP 1.6 §3.13.1).
    /// </summary>
    public static List<ChargingProfile> DefaultsFor(IReadOnlyList<StoredBackendProfile> chargerProfiles, int connectorId)
    {
        var defaults = chargerProfiles.Where(p => p.Purpose == ChargingProfilePurposeType.TxDefaultProfile).ToList();
        var ownLevels = defaults.Where(p => p.ConnectorId == connectorId).Select(p => p.StackLevel).ToHashSet();
        return [.. defaults
            .Where(p => p.ConnectorId == connectorId || (p.ConnectorId == 0 && !ownLevels.Contains(p.StackLevel)))
            .Select(p => p.Profile)];
    }

    /// <summary>
    /// A virtual circuit whose capacity in each slot is the lowest the limit reaches during that slot (a hard
    /// limit must hold for the whole slot), and the connectors' total where no profile applies.
    /// </summary>
    private static CircuitSnapshot Node(
        string id, string parentId, GroupSnapshot snapshot, long unlimitedW, decimal voltage,
        Func<DateTimeOffset, DateTimeOffset?, BackendLimitW?> limitAt, IReadOnlyList<ChargingProfile> profiles, DateTimeOffset? sessionStart)
    {
        var h = snapshot.HorizonSlots;
        var total = new long[h];
        var phase = new long[h];
        var anyPhase = false;
        for (var t = 0; t < h; t++)
        {
            var from = snapshot.SlotStart.AddSeconds((long)t * snapshot.SlotSeconds);
            var to = from.AddSeconds(snapshot.SlotSeconds);
            var points = profiles.SelectMany(p => BackendScheduleEvaluator.ChangesWithin(p, from, to, sessionStart)).Append(from).Distinct();
            var slot = new BackendLimitW(unlimitedW, null);
            foreach (var at in points)
            {
                if (limitAt(at, sessionStart) is { } limit)
                {
                    slot = slot.Min(limit);
                }
            }

            total[t] = Math.Min(slot.TotalW, unlimitedW);
            phase[t] = Math.Min(slot.PhaseW ?? unlimitedW, unlimitedW);
            anyPhase |= slot.PhaseW is not null;
        }

        var phases = anyPhase ? new PhaseSeries(phase, phase, phase) : null;
        return new CircuitSnapshot(id, parentId, total, new long[h], phases);
    }
}
