using System.Globalization;
using OliMove.Edge.Operations;

namespace OliMove.Edge.Api;

/// <summary>
/// GET /api/v1/alerts[?since=ISO] (viewer): what needs a person now, newest first, each with since-when and a link;
/// <c>since</c> keeps only alerts that began at or after it. The answer is read fresh (a check runs first), so a
/// cause that cleared a moment ago is not shown.
/// </summary>
public static class AlertEndpoints
{
    public static RouteGroupBuilder MapAlertEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/alerts", async (HttpRequest request, AlertMonitor monitor, TimeProvider time, CancellationToken ct) =>
        {
            DateTimeOffset? since = null;
            if (request.Query.TryGetValue("since", out var s))
            {
                if (!DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var v))
                {
                    return ApiErrors.BadRequest("since must be an ISO 8601 time, e.g. 2026-11-25T00:00:00Z");
                }

                since = v;
            }

            var alerts = (await monitor.CheckAsync(ct)).Where(a => since is null || a.Since >= since).ToList();
            return Results.Ok(new { at = time.GetUtcNow(), count = alerts.Count, alerts });
        }).RequireAuthorization(ApiPolicies.Viewer);
        return api;
    }
}
