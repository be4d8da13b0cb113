using OliMove.Edge.Hosting;
using OliMove.Edge.Live;
using OliMove.Scheduling;
using OliMove.SiteMap.Topology;

namespace OliMove.Edge.Dispatch;

/// <summary>
/// Turns a group's plan into power limits for its chargers and sends those that change, through
/// <see cref="IChargerPowerLimits"/>: each planned session's limit for its transaction, and every connector's
/// fail-safe for the plan's uncapped window (<see cref="WindowDefaultsCalculator"/>). Limits that lower what a
/// connector holds go first and are awaited before any that raise it, so that the limits the chargers hold never
/// add up to more than a circuit carries, not even for the moment between two sends (decision 0102). Sends run
/// concurrently across charge points (the OCPP connection itself queues calls to one charger, OCPP-J §4.1.1).
/// </summary>
public sealed class PlanDispatcher(
    SiteState site,
    LiveSiteState live,
    IChargerPowerLimits chargers,
    CappedFailSafeShares failSafeShares,
    DispatchSettings settings,
    TimeProvider time,
    Phases.ConnectorPhases? phases = null)
{
    public async Task DispatchAsync(GroupPlan plan, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var now = time.GetUtcNow();
        var slotLength = TimeSpan.FromSeconds(plan.SlotSeconds);
        var group = site.Topology.Groups.FirstOrDefault(g => g.Id == plan.GroupId);
        var shares = group is null
            ? new Dictionary<(string, int), FailSafeShare>()
            : (await failSafeShares.OfGroupAsync(group, now, ct)).ToDictionary(s => (s.ChargePointId, s.ConnectorId));
        var limits = new List<PowerLimit>();
        var plannedW = new Dictionary<(string, int), IReadOnlyList<long>>();
        var setpoints = new Dictionary<(string, int), long>();
        var oneLine = new Dictionary<(string, int), int>();
        foreach (var session in plan.Sessions)
        {
            if (!TryParseSession(session, out var chargePointId, out var connectorId, out var transactionId))
            {
                continue; // a prospective session (admission what-if) has nothing to send
            }

            if (site.Topology.FindChargePoint(chargePointId) is null || site.Topology.FindConnector(chargePointId, connectorId) is null)
            {
                continue;
            }

            plannedW[(chargePointId, connectorId)] = session.PowerW;
            var share = shares.TryGetValue((chargePointId, connectorId), out var s) ? s.PowerW : (long?)null;
            var profilePhases = phases?.ProfilePhases(session, chargePointId, connectorId, transactionId);
            if (phases?.OneLine(session, site.Topology.FindConnector(chargePointId, connectorId)!, chargePointId, transactionId) is { } line)
            {
                oneLine[(chargePointId, connectorId)] = line;
            }

            limits.Add(new TransactionPowerLimit(chargePointId, connectorId, plan.SlotStart, slotLength, CapAfterFullPlan(session.PowerW, share), transactionId, profilePhases));
            setpoints[(chargePointId, connectorId)] = session.SetpointW;
        }

        if (group is not null)
        {
            limits.AddRange(WindowFailSafes(group, plan, slotLength, plannedW, shares, oneLine));
        }

        var changes = await chargers.ChangesAsync(limits, now, ct);
        var sending = changes.Where(c => c.Limit is TransactionPowerLimit).Select(c => (c.Limit.ChargePointId, c.Limit.ConnectorId)).ToHashSet();
        foreach (var ((chargePointId, connectorId), setpointW) in setpoints)
        {
            // A setpoint that must be sent is not in force until the charger holds it (SetAsync); one that the
            // charger's profile already gives stays in force since that profile was accepted (rampdown learns only
            // from a setpoint in force, decision 0033).
            var mustSend = sending.Contains((chargePointId, connectorId));
            live.UpdateConnector(chargePointId, connectorId, c => c with
            {
                SetpointW = setpointW,
                SetpointAt = now,
                SetpointInForceAt = mustSend ? null : c.SetpointInForceAt,
            });
        }

        // A charger that does not answer delays the raises of its group, never the lowerings (they come first).
        await Task.WhenAll(changes.Where(c => !c.Raises).Select(c => SetAsync(c, ct)));
        await Task.WhenAll(changes.Where(c => c.Raises).Select(c => SetAsync(c, ct)));
    }

    /// <summary>
    /// After the first <see cref="DispatchSettings.FullPlanSlots"/> slots a transaction's limit never exceeds the
    /// connector's fail-safe share: should the controller stop while a car uses its idle neighbours' capacity, the
    /// overload they could add on their defaults is bounded to those slots (decision 0002).
    /// </summary>
    private IReadOnlyList<long> CapAfterFullPlan(IReadOnlyList<long> plannedW, long? failSafeW) =>
        failSafeW is { } cap
            ? [.. plannedW.Select((w, slot) => slot >= settings.FullPlanSlots ? Math.Min(w, cap) : w)]
            : plannedW;

    private IEnumerable<FailSafePowerLimit> WindowFailSafes(
        ChargingGroup group, GroupPlan plan, TimeSpan slotLength, Dictionary<(string, int), IReadOnlyList<long>> plannedW,
        Dictionary<(string, int), FailSafeShare> shares, Dictionary<(string, int), int> oneLine)
    {
        var windows = WindowDefaultsCalculator.Calculate(site.Topology, group, plannedW, settings.FullPlanSlots, oneLine);
        foreach (var chargePoint in group.ChargePoints)
        {
            if (!chargers.IsConnected(chargePoint.ChargePointId))
            {
                continue; // it gets its defaults when it connects (FailSafeInstaller)
            }

            foreach (var connector in chargePoint.Connectors)
            {
                var key = (chargePoint.ChargePointId, connector.ConnectorId);
                // The window may give an idle connector its static share; the backend's limit caps it (decision 0190).
                var window = windows[key].Select(w => Math.Min(w, shares[key].PowerW)).ToArray();
                yield return new FailSafePowerLimit(chargePoint.ChargePointId, connector.ConnectorId, plan.SlotStart, slotLength, window, shares[key].PowerW);
            }
        }
    }

    private async Task SetAsync(PowerLimitChange change, CancellationToken ct)
    {
        var sentAt = time.GetUtcNow();
        var (held, problem) = await chargers.SetAsync(change, ct);
        var (chargePointId, connectorId) = (change.Limit.ChargePointId, change.Limit.ConnectorId);
        if (change.Limit is TransactionPowerLimit transaction)
        {
            var heldAt = time.GetUtcNow();
            // In force from the charger's acceptance, unless a later dispatch has since replaced the setpoint.
            live.UpdateConnector(chargePointId, connectorId, c => c with
            {
                ProfileProblem = problem,
                SetpointInForceAt = held && c.SetpointAt <= sentAt && c.TransactionId == transaction.TransactionId ? heldAt : c.SetpointInForceAt,
            });
        }
        else
        {
            live.UpdateChargePoint(chargePointId, c => c with { FailSafeProblem = problem is null ? null : $"connector {connectorId}: {problem}" });
        }
    }

    /// <summary>A plan's session of a real transaction: "tx-{id}" at "{chargePointId}/{connectorId}".</summary>
    private static bool TryParseSession(SessionPlan session, out string chargePointId, out int connectorId, out int transactionId)
    {
        chargePointId = "";
        connectorId = 0;
        transactionId = 0;
        if (!session.SessionId.StartsWith("tx-", StringComparison.Ordinal)
            || !int.TryParse(session.SessionId.AsSpan(3), out transactionId))
        {
            return false;
        }

        var slash = session.ConnectorId.LastIndexOf('/');
        if (slash <= 0 || !int.TryParse(session.ConnectorId.AsSpan(slash + 1), out connectorId))
        {
            return false;
        }

        chargePointId = session.ConnectorId[..slash];
        return true;
    }
}
