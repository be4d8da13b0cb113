using OliMove.Edge.Hosting;
using OliMove.Edge.Planning;
using OliMove.Ocpp.CentralSystem;
using OliMove.Ocpp.Messages;
using OliMove.Ocpp.Routing;
using OliMove.Ocpp.Rpc;
using OliMove.Storage;

namespace OliMove.Edge.Upstream.Constraints;

/// <summary>
/// The edge as an OCPP 1.6 local controller for the backend's smart charging: SetChargingProfile and
/// ClearChargingProfile change the allocator's constraints (never the charger's profiles), and the affected group
/// is re-planned at once so the new limit reaches the charger within one re-plan; GetCompositeSchedule is answered
/// by the charger itself, which holds only the edge's profiles, already within the backend's limits.
/// </summary>
public sealed class BackendChargingProfiles(
    SiteState site,
    TransactionRepository transactions,
    BackendProfileStore store,
    ChargePointConnectionRegistry connections,
    ReplanSignal replans,
    ILogger<BackendChargingProfiles> logger) : IBackendSmartCharging
{
    public async Task<SetChargingProfileResponse> SetChargingProfileAsync(string chargePointId, SetChargingProfileRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var chargePoint = site.Topology.FindChargePoint(chargePointId);
        var transaction = request.CsChargingProfiles is { ChargingProfilePurpose: ChargingProfilePurposeType.TxProfile, TransactionId: { } txId }
            ? await transactions.GetAsync(txId, ct)
            : null;
        if (BackendProfileValidator.Rejection(chargePoint, request, transaction) is { } reason)
        {
            logger.LogWarning("Backend SetChargingProfile {ProfileId} for {ChargePoint} rejected: {Reason}", request.CsChargingProfiles.ChargingProfileId, chargePointId, reason);
            return new SetChargingProfileResponse { Status = ChargingProfileStatus.Rejected };
        }

        try
        {
            await store.PutAsync(chargePointId, request.ConnectorId, request.CsChargingProfiles, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Not stored, so not accepted: the backend may send it again.
            logger.LogError(e, "Backend SetChargingProfile {ProfileId} for {ChargePoint} could not be stored", request.CsChargingProfiles.ChargingProfileId, chargePointId);
            return new SetChargingProfileResponse { Status = ChargingProfileStatus.Rejected };
        }

        Replan(chargePointId);
        return new SetChargingProfileResponse { Status = ChargingProfileStatus.Accepted };
    }

    public async Task<ClearChargingProfileResponse> ClearChargingProfileAsync(string chargePointId, ClearChargingProfileRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (site.Topology.FindChargePoint(chargePointId) is null)
        {
            return new ClearChargingProfileResponse { Status = ClearChargingProfileStatus.Unknown };
        }

        var removed = await store.ClearAsync(chargePointId, request, ct);
        if (removed == 0)
        {
            return new ClearChargingProfileResponse { Status = ClearChargingProfileStatus.Unknown };
        }

        Replan(chargePointId);
        return new ClearChargingProfileResponse { Status = ClearChargingProfileStatus.Accepted };
    }

    public async Task<GetCompositeScheduleResponse> GetCompositeScheduleAsync(string chargePointId, GetCompositeScheduleRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!connections.TryGet(chargePointId, out var client))
        {
            return new GetCompositeScheduleResponse { Status = AcceptanceStatus.Rejected };
        }

        try
        {
            return await client.GetCompositeScheduleAsync(request, ct);
        }
        catch (Exception e) when (e is OcppCallTimeoutException or OcppCallErrorException or OcppConnectionClosedException)
        {
            logger.LogWarning("Backend GetCompositeSchedule for {ChargePoint}: the charger did not answer ({Problem})", chargePointId, e.Message);
            return new GetCompositeScheduleResponse { Status = AcceptanceStatus.Rejected };
        }
    }

    private void Replan(string chargePointId)
    {
        if (site.Topology.GroupOf(chargePointId) is { } group)
        {
            replans.Request(group.Id);
        }
    }
}
