using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace OliMove.Ocpp.CentralSystem;

public static class OcppCentralSystemEndpointExtensions
{
    /// <summary>Maps <c>{prefix}/{chargePointId}</c>. Needs <c>app.UseWebSockets()</c> earlier in the pipeline
    /// (or use <see cref="UseOcppCentralSystem"/>, which does both).</summary>
    public static IEndpointConventionBuilder MapOcppCentralSystem(this IEndpointRouteBuilder endpoints, string prefix = "/ocpp") =>
        endpoints.Map(prefix.TrimEnd('/') + "/{chargePointId}", (HttpContext http, string chargePointId) =>
            // OCPP-J 1.6 §3.1.1: the id is percent-encoded in the URL. Kestrel decodes the path except "%2F"
            // (so that it cannot forge path segments); the id may contain '/', so finish the decoding here.
            http.RequestServices.GetRequiredService<OcppEndpoint>()
                .HandleAsync(http, chargePointId.Replace("%2F", "/", StringComparison.OrdinalIgnoreCase)));

    /// <summary>Adds the WebSocket middleware (with a keep-alive ping) and maps the endpoint. A charger that does
    /// not answer a ping within the same interval is cut off, so a dead link ends in a disconnect, not in silence.</summary>
    public static WebApplication UseOcppCentralSystem(this WebApplication app, string prefix = "/ocpp", TimeSpan? keepAlive = null)
    {
        var interval = keepAlive ?? TimeSpan.FromSeconds(60);
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = interval, KeepAliveTimeout = interval });
        app.MapOcppCentralSystem(prefix);
        return app;
    }
}
