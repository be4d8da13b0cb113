using OliMove.Edge.ChainLink;
using OliMove.Edge.Dispatch;
using OliMove.Edge.Hosting;
using OliMove.Edge.Live;
using OliMove.Edge.Metering;
using OliMove.Edge.Planning;
using OliMove.Modbus.Polling;
using OliMove.Scheduling;
using OliMove.Storage;

namespace OliMove.Edge.Operations;

/// <summary>
/// Gathers the current causes from the sources the health endpoint and the tiles already read: live charger state,
/// the plan board, PV and meter readings, the chain outbox, storage health, the site map's reload errors, and the
/// stored sessions for promises missed in the last day. Reads only; <see cref="AlertMonitor"/> keeps the list.
/// </summary>
public sealed class AlertSources(
    SiteState site,
    LiveSiteState live,
    PlanBoard plans,
    PvLiveState pv,
    MeterReadings meters,
    OliMove.Edge.Batteries.BatteryLiveState batteries,
    ChainRuntime chain,
    EdgeDatabase database,
    ProfileRefusals refusals,
    RateUnitMismatches unitMismatches,
    SessionHistoryRepository sessions,
    AlertOptions options)
{
    public static readonly TimeSpan MissedPromisesShownFor = TimeSpan.FromHours(24);

    /// <summary>Each cause now, with the time it began where the source knows it (else null: first seen).</summary>
    public async Task<IReadOnlyList<(Alert Alert, bool SinceKnown)>> CurrentAsync(DateTimeOffset now, CancellationToken ct)
    {
        var found = new List<(Alert, bool)>();
        void Add(string id, string kind, string severity, string subject, string message, string link, DateTimeOffset? since) =>
            found.Add((new Alert(id, kind, severity, subject, message, since ?? now, link), since is not null));

        foreach (var cp in site.Topology.ChargePoints)
        {
            var id = cp.ChargePointId;
            var link = $"/cockpit/#cp-{Uri.EscapeDataString(id)}";
            var state = live.ChargePoint(id);
            // Only a charger that was online goes offline; one never seen since the start is not news every 5 s.
            if (!state.Connected && state.LastSeenAt is { } seen && now - seen >= TimeSpan.FromSeconds(options.OfflineGraceSeconds))
            {
                Add($"charger-offline:{id}", "charger-offline", "error", id, $"{id} is offline (last seen {seen:u})", link, seen);
            }

            if (state.FailSafeProblem is { } failSafe)
            {
                Add($"profile-failsafe:{id}", "profile", "warning", id, $"{id}: {failSafe}", link, null);
            }

            if (refusals.Problem(id) is { } refused)
            {
                Add($"profile-refused:{id}", "profile", "warning", id, $"{id}: {refused}", link, null);
            }

            if (unitMismatches.Problem(id) is { } unit)
            {
                Add($"profile-unit:{id}", "profile", "warning", id, $"{id}: {unit}", link, null);
            }

            foreach (var c in cp.Connectors)
            {
                var l = live.Connector(id, c.ConnectorId);
                var subject = $"{id}/{c.ConnectorId}";
                // StatusNotification errorCode (OCPP 1.6 §7.6): anything but NoError, or a Faulted status.
                if ((l.ErrorCode is { } error && error != "NoError") || l.Status == "Faulted")
                {
                    Add($"charger-fault:{subject}", "charger-fault", "error", subject,
                        $"{id} connector {c.ConnectorId} reports {l.ErrorCode ?? "an error"} (status {l.Status ?? "unknown"})", link, null);
                }

                if (l.ProfileProblem is { } profile)
                {
                    Add($"profile:{subject}", "profile", "warning", subject, $"{id} connector {c.ConnectorId}: {profile}", link, null);
                }

                if (l.TransactionId is { } tx && plans.Session(PlanIds.ConnectorKey(id, c.ConnectorId)) is { } planned
                    && planned.Plan.SessionId == PlanIds.SessionIdOf(tx) && planned.Plan.Status == SessionStatus.NotGuaranteed)
                {
                    Add($"promise-at-risk:tx-{tx}", "promise-at-risk", "warning", subject,
                        $"the promise of transaction {tx} on {subject} is at risk: the guaranteed capacity no longer covers it", link, null);
                }
            }
        }

        foreach (var group in site.Topology.Groups)
        {
            foreach (var inverter in group.PvInverters)
            {
                if (pv.Latest(inverter.Id, now) is { } reading && reading.Status != PvReadingStatus.Ok)
                {
                    Add($"pv:{inverter.Id}", "pv", "warning", inverter.Id, $"PV inverter {inverter.Id}: {reading.Status}{(reading.Reason is { } r ? $" ({r})" : "")}; planned without its power", "/cockpit/", null);
                }
            }
        }

        foreach (var meter in meters.Health().Where(m => m.Status != "ok"))
        {
            Add($"meter:{meter.MeterId}", "meter", "warning", meter.MeterId,
                $"meter {meter.MeterId} is {meter.Status}{(meter.Problem is { } p ? $": {p}" : "")}; its circuit plans with the static reservation", "/cockpit/", meter.ProblemAt);
        }

        // A battery that fails or goes stale is planned without it; one that does not follow, with what it does (decision 0310).
        foreach (var battery in batteries.Health().Where(b => b.Status is "failing" or "stale" or "not following"))
        {
            Add($"battery:{battery.BatteryId}", "battery", "warning", battery.BatteryId,
                $"battery {battery.BatteryId} is {battery.Status}{(battery.Problem is { } p ? $": {p}" : "")}; group {battery.GroupId} is planned {(battery.Status == "not following" ? "with what it does" : "without it")}",
                "/cockpit/", battery.ProblemAt);
        }

        var health = database.Health;
        if (!health.Writable)
        {
            Add("storage", "storage", "critical", "storage", $"the database refuses writes ({health.RefusedWrites} so far): {health.LastFault?.Message}", "/api/v1/health", health.FailingSince);
        }

        if (site.LastReloadErrors.Count > 0)
        {
            Add("site-map", "site-map", "error", "site map",
                $"the site map did not reload ({site.LastReloadErrors.Count} error(s)), the previous one stays in force: {site.LastReloadErrors[0]}", "/cockpit/", null);
        }

        try
        {
            var outbox = await chain.OutboxStatsAsync(ct);
            if (outbox.FailedCount > 0)
            {
                Add("chain-parked", "chain", "error", "chain outbox", $"{outbox.FailedCount} chain write(s) parked, they can never land as they are: {outbox.LastFailure}", "/cockpit/", outbox.LastFailureAt);
            }

            if (outbox.OldestPendingAt is { } oldest && now - oldest >= TimeSpan.FromMinutes(options.ChainStuckMinutes))
            {
                Add("chain-stuck", "chain", "warning", "chain outbox",
                    $"{outbox.PendingCount} chain write(s) waiting, the oldest since {oldest:u}{(outbox.LastError is { } e ? $": {e}" : "")}", "/cockpit/", oldest);
            }

            await sessions.ForEachAsync(new SessionHistoryQuery(StartedFrom: now - MissedPromisesShownFor - TimeSpan.FromDays(2), Promise: SessionPromise.Missed), now, 0, 200, r =>
            {
                if (r.Departure is { } departure && now - departure <= MissedPromisesShownFor)
                {
                    var subject = $"{r.ChargePointId}/{r.ConnectorId}";
                    Add($"promise-missed:tx-{r.TransactionId}", "promise-missed", "warning", subject,
                        $"transaction {r.TransactionId} on {subject} missed its promise: {(r.EnergyWh ?? 0) / 1000.0:0.0} of {(r.RequestedEnergyWh ?? 0) / 1000.0:0.0} kWh by {departure:u}",
                        $"/cockpit/sessions?promise=missed&chargePointId={Uri.EscapeDataString(r.ChargePointId)}", departure);
                }

                return ValueTask.CompletedTask;
            }, ct);
        }
        catch (Microsoft.Data.Sqlite.SqliteException e)
        {
            Add("storage-read", "storage", "critical", "storage", $"the database cannot be read: {e.Message}", "/api/v1/health", null);
        }

        return found;
    }
}
