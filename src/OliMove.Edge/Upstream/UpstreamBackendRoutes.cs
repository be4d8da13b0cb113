using Newtonsoft.Json.Linq;
using OliMove.Ocpp.CentralSystem;
using OliMove.Ocpp.Framing;
using OliMove.Ocpp.Messages;
using OliMove.Ocpp.Routing;
using OliMove.Ocpp.Rpc;
using OliMove.Storage;

namespace OliMove.Edge.Upstream;

/// <summary>
/// What the backend may ask of a charger through its upstream link: every central-system action of the Core,
/// Firmware Management, Local Auth List Management, Reservation and Remote Trigger profiles is forwarded to the
/// charger and its answer returned (a CALLERROR as the same CALLERROR; a charger that is not connected as
/// GenericError). Smart charging is the exception: the edge alone writes charging profiles, so
/// SetChargingProfile, ClearChargingProfile and GetCompositeSchedule go to <see cref="IBackendSmartCharging"/>.
/// RemoteStopTransaction and a TxProfile name the backend's transaction id, translated here.
/// </summary>
public sealed class UpstreamBackendRoutes(
    ChargePointConnectionRegistry registry,
    UpstreamTransactionRepository transactions,
    IServiceProvider services,
    ILogger<UpstreamBackendRoutes> logger)
{
    private static readonly string[] SmartCharging = [SetChargingProfileRequest.Action, ClearChargingProfileRequest.Action, GetCompositeScheduleRequest.Action];

    public OcppRouteTable For(string chargePointId)
    {
        var table = new OcppRouteTable();
        foreach (var action in OcppActions.FromCentralSystem.Where(a => !SmartCharging.Contains(a)).Order(StringComparer.Ordinal))
        {
            table.MapUntyped(action, (_, payload, ct) => new ValueTask<JObject>(ForwardAsync(chargePointId, action, payload, ct)));
        }
        return table
            .Map<SetChargingProfileRequest, SetChargingProfileResponse>(async (_, request, ct) =>
            {
                if (Port() is not { } port)
                {
                    logger.LogWarning("SetChargingProfile from the backend for {ChargePointId} rejected: no backend constraint store is registered", chargePointId);
                    return new SetChargingProfileResponse { Status = ChargingProfileStatus.Rejected };
                }
                if (request.CsChargingProfiles.TransactionId is { } backendId)
                {
                    // The port speaks the edge's transaction ids; an id the backend never gave this charger stays as it is.
                    var link = await transactions.FindByBackendIdAsync(chargePointId, backendId, ct);
                    request = request with { CsChargingProfiles = request.CsChargingProfiles with { TransactionId = link is null ? backendId : (int)link.TransactionId } };
                }
                return await port.SetChargingProfileAsync(chargePointId, request, ct);
            })
            .Map<ClearChargingProfileRequest, ClearChargingProfileResponse>(async (_, request, ct) =>
            {
                if (Port() is not { } port)
                {
                    logger.LogWarning("ClearChargingProfile from the backend for {ChargePointId} answered Unknown: no backend constraint store is registered", chargePointId);
                    return new ClearChargingProfileResponse { Status = ClearChargingProfileStatus.Unknown };
                }
                return await port.ClearChargingProfileAsync(chargePointId, request, ct);
            })
            .Map<GetCompositeScheduleRequest, GetCompositeScheduleResponse>(async (_, request, ct) =>
            {
                if (Port() is not { } port)
                {
                    logger.LogWarning("GetCompositeSchedule from the backend for {ChargePointId} rejected: no backend constraint store is registered", chargePointId);
                    return new GetCompositeScheduleResponse { Status = AcceptanceStatus.Rejected };
                }
                return await port.GetCompositeScheduleAsync(chargePointId, request, ct);
            });
    }

    private IBackendSmartCharging? Port() => services.GetService<IBackendSmartCharging>();

    private async Task<JObject> ForwardAsync(string chargePointId, string action, JObject payload, CancellationToken ct)
    {
        if (!registry.TryGet(chargePointId, out var client) || !client.IsConnected || client is not ChargePointSession session)
        {
            throw new OcppCallErrorException(OcppErrorCode.GenericError, $"charge point {chargePointId} is not connected to the local controller");
        }
        if (action == RemoteStopTransactionRequest.Action && payload.Value<int?>("transactionId") is { } backendId
            && await transactions.FindByBackendIdAsync(chargePointId, backendId, ct) is { } link)
        {
            payload = (JObject)payload.DeepClone();
            payload["transactionId"] = link.ChargerFacingId;
        }
        try
        {
            return await session.CallAsync(action, payload, ct);
        }
        catch (OcppCallTimeoutException)
        {
            throw new OcppCallErrorException(OcppErrorCode.GenericError, $"charge point {chargePointId} did not answer {action}");
        }
        catch (OcppConnectionClosedException)
        {
            throw new OcppCallErrorException(OcppErrorCode.GenericError, $"charge point {chargePointId} went offline");
        }
    }
}
