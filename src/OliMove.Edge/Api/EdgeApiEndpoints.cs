using OliMove.Edge.Hosting;

namespace OliMove.Edge.Api;

/// <summary>The local status API under /api/v1 (JSON over HTTP).</summary>
public static class EdgeApiEndpoints
{
    public static IServiceCollection AddEdgeApi(this IServiceCollection services) => services;

    public static WebApplication MapEdgeApi(this WebApplication app)
    {
        var api = app.MapGroup("/api/v1");
        api.MapGet("/health", (TimeProvider time) => Results.Ok(new { status = "ok", time = time.GetUtcNow() }));
        api.MapGet("/site", (SiteState site) => Results.Ok(new
        {
            id = site.Topology.Map.SiteId,
            name = site.Topology.Map.SiteName,
            nominalVoltageV = site.Topology.NominalVoltageV,
            gridLimitW = site.Topology.GridLimitW,
            groups = site.Topology.Groups.Select(g => new { id = g.Id, limitW = g.LimitW, reservedW = g.ReservedW, guaranteedW = g.GuaranteedCapacityW }),
        })).RequireAuthorization(ApiPolicies.Viewer);
        return app;
    }
}
