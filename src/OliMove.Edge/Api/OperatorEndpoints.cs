using OliMove.Edge.Api.Commands;
using OliMove.Edge.Hosting;
using OliMove.Edge.Live;
using OliMove.Edge.Planning;
using OliMove.Ocpp.CentralSystem;
using OliMove.Ocpp.Messages;
using OliMove.Ocpp.Routing;
using OliMove.Ocpp.Rpc;

namespace OliMove.Edge.Api;

/// <summary>
/// Operator actions. Each is checked here first (known charge point and connector, a session to stop, ...) and
/// answered 400/404/409 without sending anything; 503 when the charge point is not connected or does not
/// answer; otherwise 200 with the charge point's own answer (it may still say Rejected).
/// </summary>
public static class OperatorEndpoints
{
    public static RouteGroupBuilder MapOperatorEndpoints(this RouteGroupBuilder api)
    {
        var op = api.MapGroup("").RequireAuthorization(ApiPolicies.Operator);
        op.MapPost("/chargepoints/{chargePointId}/remote-start", (string chargePointId, HttpRequest request, SiteState site, LiveSiteState live, ChargePointConnectionRegistry registry, CancellationToken ct) =>
            RunAsync<RemoteStartCommand>(chargePointId, request, site, registry, ct, async (cmd, client) =>
            {
                if (site.Topology.FindConnector(chargePointId, cmd.ConnectorId) is null)
                {
                    return ApiErrors.NotFound($"charge point '{chargePointId}' has no connector {cmd.ConnectorId}");
                }

                if (string.IsNullOrWhiteSpace(cmd.IdTag) || cmd.IdTag.Length > 20)
                {
                    return ApiErrors.BadRequest("idTag must be 1 to 20 characters (OCPP 1.6 IdToken)");
                }

                if (live.Connector(chargePointId, cmd.ConnectorId).TransactionId is { } running)
                {
                    return ApiErrors.Conflict($"connector {cmd.ConnectorId} already runs transaction {running}");
                }

                var answer = await client.RemoteStartTransactionAsync(new RemoteStartTransactionRequest { ConnectorId = cmd.ConnectorId, IdTag = cmd.IdTag }, ct);
                return Results.Ok(new { status = answer.Status.ToString() });
            }));
        op.MapPost("/chargepoints/{chargePointId}/remote-stop", (string chargePointId, HttpRequest request, SiteState site, LiveSiteState live, ChargePointConnectionRegistry registry, CancellationToken ct) =>
            RunAsync<RemoteStopCommand>(chargePointId, request, site, registry, ct, async (cmd, client) =>
            {
                if (site.Topology.FindConnector(chargePointId, cmd.ConnectorId) is null)
                {
                    return ApiErrors.NotFound($"charge point '{chargePointId}' has no connector {cmd.ConnectorId}");
                }

                if (live.Connector(chargePointId, cmd.ConnectorId).TransactionId is not { } transactionId)
                {
                    return ApiErrors.Conflict($"no session runs on connector {cmd.ConnectorId}");
                }

                var answer = await client.RemoteStopTransactionAsync(new RemoteStopTransactionRequest { TransactionId = transactionId }, ct);
                return Results.Ok(new { status = answer.Status.ToString(), transactionId });
            }));
        op.MapPost("/chargepoints/{chargePointId}/unlock", (string chargePointId, HttpRequest request, SiteState site, ChargePointConnectionRegistry registry, CancellationToken ct) =>
            RunAsync<UnlockCommand>(chargePointId, request, site, registry, ct, async (cmd, client) =>
            {
                if (site.Topology.FindConnector(chargePointId, cmd.ConnectorId) is null)
                {
                    return ApiErrors.NotFound($"charge point '{chargePointId}' has no connector {cmd.ConnectorId}");
                }

                var answer = await client.UnlockConnectorAsync(new UnlockConnectorRequest { ConnectorId = cmd.ConnectorId }, ct);
                return Results.Ok(new { status = answer.Status.ToString() });
            }));
        op.MapPost("/chargepoints/{chargePointId}/reset", (string chargePointId, HttpRequest request, SiteState site, ChargePointConnectionRegistry registry, CancellationToken ct) =>
            RunAsync<ResetCommand>(chargePointId, request, site, registry, ct, async (cmd, client) =>
            {
                var answer = await client.ResetAsync(new ResetRequest { Type = cmd.Type }, ct);
                return Results.Ok(new { status = answer.Status.ToString() });
            }));
        op.MapPost("/chargepoints/{chargePointId}/availability", (string chargePointId, HttpRequest request, SiteState site, ChargePointConnectionRegistry registry, CancellationToken ct) =>
            RunAsync<AvailabilityCommand>(chargePointId, request, site, registry, ct, async (cmd, client) =>
            {
                if (cmd.ConnectorId != 0 && site.Topology.FindConnector(chargePointId, cmd.ConnectorId) is null)
                {
                    return ApiErrors.NotFound($"charge point '{chargePointId}' has no connector {cmd.ConnectorId}");
                }

                var answer = await client.ChangeAvailabilityAsync(new ChangeAvailabilityRequest { ConnectorId = cmd.ConnectorId, Type = cmd.Type }, ct);
                return Results.Ok(new { status = answer.Status.ToString() });
            }));
        op.MapPost("/groups/{groupId}/replan", (string groupId, SiteState site, ReplanSignal replans) =>
        {
            if (site.Topology.Groups.All(g => g.Id != groupId))
            {
                return ApiErrors.NotFound($"no group '{groupId}'");
            }

            replans.Request(groupId);
            return Results.Accepted(value: new { status = "Requested", groupId });
        });
        return api;
    }

    internal static async Task<IResult> RunAsync<T>(
        string chargePointId, HttpRequest request, SiteState site, ChargePointConnectionRegistry registry, CancellationToken ct,
        Func<T, IChargePointClient, Task<IResult>> action) where T : class
    {
        if (site.Topology.FindChargePoint(chargePointId) is null)
        {
            return ApiErrors.NotFound($"no charge point '{chargePointId}'");
        }

        var (command, error) = await ApiJson.ReadAsync<T>(request, ct);
        if (command is null)
        {
            return ApiErrors.BadRequest(error!);
        }

        if (!registry.TryGet(chargePointId, out var client))
        {
            return ApiErrors.Unavailable($"charge point '{chargePointId}' is not connected");
        }

        try
        {
            return await action(command, client);
        }
        catch (OcppCallTimeoutException)
        {
            return ApiErrors.Unavailable($"charge point '{chargePointId}' did not answer in time");
        }
        catch (OcppConnectionClosedException)
        {
            return ApiErrors.Unavailable($"charge point '{chargePointId}' disconnected before it answered");
        }
        catch (OcppCallErrorException ex)
        {
            return ApiErrors.BadGateway($"charge point '{chargePointId}' answered with an error: {ex.Message}");
        }
    }
}
