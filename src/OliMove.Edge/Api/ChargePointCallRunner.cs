using OliMove.Edge.Hosting;
using OliMove.Ocpp.CentralSystem;
using OliMove.Ocpp.Routing;
using OliMove.Ocpp.Rpc;

namespace OliMove.Edge.Api;

/// <summary>
/// One operator call to one charger, answered the same way for every action: 404 for a charge point not in the
/// site map, 400 for a body that does not parse, 503 when the charger is not connected, does not answer in time or
/// goes away, 502 when it answers with a CALLERROR; otherwise what the action makes of the charger's own reply.
/// </summary>
public static class ChargePointCallRunner
{
    public static async Task<IResult> RunAsync<T>(
        string chargePointId, HttpRequest request, SiteState site, ChargePointConnectionRegistry registry, CancellationToken ct,
        Func<T, IChargePointClient, Task<IResult>> action) where T : class
    {
        if (site.Topology.FindChargePoint(chargePointId) is null)
        {
            return ApiErrors.NotFound($"no charge point '{chargePointId}'");
        }

        var (command, error) = await ApiJson.ReadAsync<T>(request, ct);
        return command is null
            ? ApiErrors.BadRequest(error!)
            : await RunAsync(chargePointId, site, registry, client => action(command, client));
    }

    public static async Task<IResult> RunAsync(
        string chargePointId, SiteState site, ChargePointConnectionRegistry registry, Func<IChargePointClient, Task<IResult>> action)
    {
        if (site.Topology.FindChargePoint(chargePointId) is null)
        {
            return ApiErrors.NotFound($"no charge point '{chargePointId}'");
        }

        if (!registry.TryGet(chargePointId, out var client))
        {
            return ApiErrors.Unavailable($"charge point '{chargePointId}' is not connected");
        }

        try
        {
            return await action(client);
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
