using OliMove.Edge.Api.Views;
using OliMove.Storage;

namespace OliMove.Edge.Api;

/// <summary>
/// GET /api/v1/health, without auth, for supervisors and load balancers: 200 with status "ok", or 503 with status
/// "failing" and the problems in plain sentences while the database refuses writes (the service still runs and
/// serves what it can; chargers keep their transaction messages until it can store them). Alerts are things an
/// operator must look at that do not impair the service, e.g. chain writes parked because they can never land.
/// </summary>
public static class HealthEndpoint
{
    public static RouteGroupBuilder MapHealthEndpoint(this RouteGroupBuilder api)
    {
        api.MapGet("/health", async (TimeProvider time, EdgeDatabase database, ChainLink.ChainRuntime chain, OliMove.Edge.Metering.MeterReadings meters, OliMove.Edge.Batteries.BatteryLiveState batteries, SecurityEventRepository securityEvents, CancellationToken ct) =>
        {
            var health = database.Health;
            StorageSpace? space = null;
            var problems = new List<string>();
            var alerts = new List<string>();
            try
            {
                space = await database.GetSpaceAsync(ct);
                var outbox = await chain.OutboxStatsAsync(ct);
                if (outbox.FailedCount > 0)
                {
                    alerts.Add($"chain: {outbox.FailedCount} outbox item(s) parked as Failed, they can never land as they are; last at {outbox.LastFailureAt:u}: {outbox.LastFailure}");
                }

                if (await Security.SecurityEventAlert.DescribeAsync(securityEvents, time.GetUtcNow(), ct) is { } securityAlert)
                {
                    alerts.Add(securityAlert);
                }
            }
            catch (Microsoft.Data.Sqlite.SqliteException e)
            {
                problems.Add($"storage: the database cannot be read ({e.Message})");
            }

            if (!health.Writable)
            {
                problems.Add($"storage: writes are refused since {health.FailingSince:u} ({health.RefusedWrites} so far): {health.LastFault?.Message}"
                    + (health.LastFault?.IsDiskFull == true ? "; free disk space or raise Storage.MaxDatabaseMegabytes" : ""));
            }

            var storage = new StorageView(
                health.Writable, health.FailingSince, health.RefusedWrites, health.LastFault?.Message, health.LastFaultAt,
                space?.DatabaseBytes, database.MaxDatabaseBytes, space?.FreeBytes);
            // A battery that fails or does not follow is planned without it (or with what it does): an alert, not a problem.
            var batteryHealth = batteries.Health();
            alerts.AddRange(batteryHealth.Where(b => b.Status is "failing" or "stale" or "not following")
                .Select(b => $"battery {b.BatteryId}: {b.Status}{(b.Problem is { } why ? $" ({why})" : "")}; group {b.GroupId} is planned {(b.Status == "not following" ? "with what it does" : "without it")}"));

            // A failing meter degrades headroom to the static reservation but does not make the edge unhealthy.
            var body = new { status = problems.Count == 0 ? "ok" : "failing", time = time.GetUtcNow(), problems, alerts, storage, meters = meters.Health(), batteries = batteryHealth };
            return problems.Count == 0 ? Results.Ok(body) : Results.Json(body, statusCode: StatusCodes.Status503ServiceUnavailable);
        });
        return api;
    }
}
