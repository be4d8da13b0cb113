using System.Globalization;
using OliMove.Edge.ChainLink;
using OliMove.Edge.Hosting;
using OliMove.Edge.Operations;

namespace OliMove.Edge.Api;

/// <summary>Read endpoints of the status API (viewer role): site, groups, charge points, sessions, requests, plans, chain.</summary>
public static class StatusEndpoints
{
    private static readonly TimeSpan MaxPlanRange = TimeSpan.FromDays(7);

    public static RouteGroupBuilder MapStatusEndpoints(this RouteGroupBuilder api)
    {
        var viewer = api.MapGroup("").RequireAuthorization(ApiPolicies.Viewer);
        viewer.MapGet("/site", (SiteState site) => Results.Ok(new
        {
            id = site.Topology.Map.SiteId,
            name = site.Topology.Map.SiteName,
            timeZone = site.Topology.Map.TimeZone,
            nominalVoltageV = site.Topology.NominalVoltageV,
            gridLimitW = site.Topology.GridLimitW,
            groups = site.Topology.Groups.Select(g => new { id = g.Id, limitW = g.LimitW, reservedW = g.ReservedW, guaranteedW = g.GuaranteedCapacityW }),
            warnings = site.Warnings.Select(w => w.ToString()),
            lastReloadErrors = site.LastReloadErrors.Select(e => e.ToString()),
        }));
        // Who the token belongs to, so a page can disable what the caller may not do (with the reason).
        api.MapGet("/whoami", (System.Security.Claims.ClaimsPrincipal user) => Results.Ok(new
        {
            name = user.Identity?.Name,
            role = user.IsInRole(nameof(ApiRole.Operator)) ? "operator" : user.IsInRole(nameof(ApiRole.User)) ? "user" : "viewer",
        })).RequireAuthorization();
        viewer.MapGet("/groups", (SiteStatusReader reader) => Results.Ok(reader.Groups()));
        viewer.MapGet("/groups/{groupId}", (string groupId, SiteStatusReader reader) =>
            reader.Group(groupId) is { } g ? Results.Ok(g) : ApiErrors.NotFound($"no group '{groupId}'"));
        viewer.MapGet("/groups/{groupId}/day", async (string groupId, HttpRequest request, SiteStatusReader reader, SiteTimeZone zone, TimeProvider time, CancellationToken ct) =>
        {
            // The site's own day (midnight to midnight where the site is), as the cockpit's chart shows it.
            var today = zone.Today(time.GetUtcNow());
            if (!TryRange(request.Query, zone.StartOf(today), zone.StartOf(today.AddDays(1)), out var from, out var to, out var error))
            {
                return ApiErrors.BadRequest(error);
            }

            return await reader.DayAsync(groupId, from, to, ct) is { } day ? Results.Ok(day) : ApiErrors.NotFound($"no group '{groupId}'");
        });
        viewer.MapGet("/chargepoints", async (SiteStatusReader reader, CancellationToken ct) => Results.Ok(await reader.ChargePointsAsync(ct)));
        viewer.MapGet("/chargepoints/{chargePointId}", async (string chargePointId, SiteStatusReader reader, CancellationToken ct) =>
            await reader.ChargePointAsync(chargePointId, ct) is { } cp ? Results.Ok(cp) : ApiErrors.NotFound($"no charge point '{chargePointId}'"));
        viewer.MapGet("/requests", async (HttpRequest request, SiteStatusReader reader, CancellationToken ct) =>
            PageRequest.TryParse(request.Query, out var page, out var error) ? Results.Ok(await reader.RequestsAsync(page, ct)) : ApiErrors.BadRequest(error));
        viewer.MapGet("/plans", async (HttpRequest request, SiteStatusReader reader, SiteState site, TimeProvider time, CancellationToken ct) =>
        {
            if (!PageRequest.TryParse(request.Query, out var page, out var error))
            {
                return ApiErrors.BadRequest(error);
            }

            var now = time.GetUtcNow();
            if (!TryRange(request.Query, now.AddDays(-1), now.AddDays(1), out var from, out var to, out error))
            {
                return ApiErrors.BadRequest(error);
            }

            string? groupId = request.Query["groupId"];
            if (groupId is not null && site.Topology.Groups.All(g => g.Id != groupId))
            {
                return ApiErrors.NotFound($"no group '{groupId}'");
            }

            return Results.Ok(await reader.SlotPlansAsync(groupId, from, to, page, ct));
        });
        viewer.MapGet("/chain", async (ChainRuntime chain, CancellationToken ct) => Results.Ok(await chain.StatusAsync(ct)));
        return api;
    }

    /// <summary><c>?from=&amp;to=</c> as ISO 8601 instants with an offset; from before to, at most 7 days apart.</summary>
    private static bool TryRange(IQueryCollection query, DateTimeOffset defaultFrom, DateTimeOffset defaultTo, out DateTimeOffset from, out DateTimeOffset to, out string error)
    {
        from = defaultFrom;
        to = defaultTo;
        error = "";
        if (query.TryGetValue("from", out var f) && !DateTimeOffset.TryParse(f, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out from))
        {
            error = "from must be an ISO 8601 time, e.g. 2026-11-25T00:00:00Z";
            return false;
        }

        if (query.TryGetValue("to", out var t) && !DateTimeOffset.TryParse(t, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out to))
        {
            error = "to must be an ISO 8601 time, e.g. 2026-11-26T00:00:00Z";
            return false;
        }

        if (to <= from)
        {
            error = "to must be after from";
            return false;
        }

        if (to - from > MaxPlanRange)
        {
            error = "the range may span at most 7 days";
            return false;
        }

        return true;
    }
}
