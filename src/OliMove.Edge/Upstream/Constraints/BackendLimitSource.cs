using OliMove.Edge.Api.Views;
using OliMove.Edge.Dispatch;
using OliMove.Edge.Hosting;
using OliMove.Ocpp.Messages;
using OliMove.Scheduling;
using OliMove.SiteMap.Topology;
using OliMove.Storage;

namespace OliMove.Edge.Upstream.Constraints;

/// <summary>
/// The backend limits as the snapshot builder and the API see them: the stored profiles applied to a group's
/// snapshot (<see cref="BackendLimitCircuits"/>), and a charger's limits at one instant.
/// </summary>
public sealed class BackendLimitSource(SiteState site, BackendProfileStore store)
{
    /// <summary>The snapshot with the group's backend limits; the same snapshot when it has none.</summary>
    public async Task<GroupSnapshot> ApplyAsync(GroupSnapshot snapshot, ChargingGroup group, CancellationToken ct)
    {
        var profiles = await store.CurrentAsync(ct);
        return profiles.Count == 0 ? snapshot : BackendLimitCircuits.Apply(snapshot, group.ChargePoints, profiles, site.Topology.NominalVoltageV);
    }

    /// <summary>The group's fail-safe shares capped by its chargers' backend limits at <paramref name="now"/> (decision 0190).</summary>
    public async Task<IReadOnlyList<FailSafeShare>> CapFailSafeAsync(IReadOnlyList<FailSafeShare> shares, ChargingGroup group, DateTimeOffset now, CancellationToken ct) =>
        BackendFailSafeCaps.Apply(shares, group.ChargePoints, await store.CurrentAsync(ct), now, site.PhaseVoltageV);

    /// <summary>The circuit a session not yet plugged in hangs on (see <see cref="BackendLimitCircuits.CircuitOf"/>).</summary>
    public string CircuitOf(string chargePointId, int connectorId, string chargerCircuitId) =>
        store.Current.Count == 0 ? chargerCircuitId : BackendLimitCircuits.CircuitOf(chargePointId, connectorId, chargerCircuitId, store.Current);

    /// <summary>The charger's backend limits at <paramref name="at"/>; null when the backend set none on it.</summary>
    public async Task<BackendLimitView?> ViewAsync(string chargePointId, IReadOnlyList<TransactionRecord> active, DateTimeOffset at, CancellationToken ct)
    {
        // A TxProfile whose transaction has ended no longer limits anything (it is deleted at the next write).
        var own = (await store.CurrentAsync(ct))
            .Where(p => p.ChargePointId == chargePointId)
            .Where(p => p.Purpose != ChargingProfilePurposeType.TxProfile || active.Any(t => t.Id == p.Profile.TransactionId && t.ChargePointId == chargePointId))
            .ToList();
        if (own.Count == 0 || site.Topology.FindChargePoint(chargePointId) is not { } chargePoint)
        {
            return null;
        }

        var voltage = site.PhaseVoltageV;
        var chargerMax = own.Where(p => p.Purpose == ChargingProfilePurposeType.ChargePointMaxProfile).Select(p => p.Profile);
        var connectors = chargePoint.Connectors.Select(c =>
        {
            var tx = active.FirstOrDefault(t => t.ChargePointId == chargePointId && t.ConnectorId == c.ConnectorId);
            var txProfiles = own.Where(p => p.Purpose == ChargingProfilePurposeType.TxProfile && p.ConnectorId == c.ConnectorId && tx is not null && p.Profile.TransactionId == tx.Id)
                .Select(p => p.Profile);
            var start = tx?.StartedAt ?? at;
            var limit = BackendScheduleEvaluator.Prevailing(txProfiles, at, start, voltage)
                ?? BackendScheduleEvaluator.Prevailing(BackendLimitCircuits.DefaultsFor(own, c.ConnectorId), at, start, voltage);
            return new BackendConnectorLimitView(c.ConnectorId, limit?.TotalW);
        }).ToList();
        return new BackendLimitView(
            [.. own.OrderBy(p => p.Profile.ChargingProfileId).Select(p => new BackendProfileView(p.Profile.ChargingProfileId, p.ConnectorId, p.Purpose.ToString(), p.StackLevel))],
            BackendScheduleEvaluator.Prevailing(chargerMax, at, null, voltage)?.TotalW,
            connectors);
    }
}
