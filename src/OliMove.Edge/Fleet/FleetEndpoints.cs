using Nethereum.JsonRpc.Client;
using Nethereum.Web3;
using OliMove.Chain;
using OliMove.Chain.Fleet;
using OliMove.Edge.Api;
using OliMove.Edge.ChainLink;
using OliMove.Edge.Configuration;

namespace OliMove.Edge.Fleet;

/// <summary>
/// <c>GET /api/v1/fleet</c> (viewer) and the page <c>/fleet/</c>: the CPO's sites as the chain this edge is
/// configured with records them (<see cref="FleetReader"/>, as deep as <c>Chain.ConfirmationDepth</c>). Viewer,
/// not operator: it is read-only and everything in it is public on the chain to anyone with the addresses.
/// </summary>
public static class FleetEndpoints
{
    public static WebApplication MapFleet(this WebApplication app, RouteGroupBuilder api)
    {
        api.MapGet("/fleet", async (ChainRuntime chain, EdgeOptions options, CancellationToken ct) =>
        {
            if (chain.Addresses is not { } addresses || options.Chain.RpcUrl is not { Length: > 0 } rpcUrl)
            {
                return ApiErrors.NotFound("no chain is configured on this edge (Chain.RpcUrl, Chain.AddressesFile, Chain.OperatorKeyFile): the fleet view reads the CPO's contracts");
            }

            try
            {
                var view = await new FleetReader(new Web3(rpcUrl), addresses, new FleetReadOptions { Confirmations = options.Chain.ConfirmationDepth }).ReadAsync(ct);
                return Results.Ok(FleetDocument.From(view, addresses, chain.Site.IdHex));
            }
            catch (Exception e) when (e is HttpRequestException or RpcClientUnknownException or RpcClientTimeoutException or RpcResponseException)
            {
                return ApiErrors.BadGateway($"the chain node at {RpcUrlRedaction.Redact(rpcUrl)} did not answer the fleet read: {RpcUrlRedaction.Scrub(e.Message, rpcUrl)}");
            }
        }).RequireAuthorization(ApiPolicies.Viewer);

        // As for /cockpit: the bare path redirects, so the page's relative links resolve under /fleet/.
        app.MapGet("/fleet", (HttpContext context, IWebHostEnvironment env) =>
            context.Request.Path.Value!.EndsWith('/')
                ? Results.File(env.WebRootFileProvider.GetFileInfo("fleet/index.html").CreateReadStream(), "text/html; charset=utf-8")
                : Results.Redirect("/fleet/"));
        return app;
    }
}
