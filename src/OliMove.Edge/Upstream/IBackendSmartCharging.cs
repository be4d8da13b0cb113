using OliMove.Ocpp.Messages;

namespace OliMove.Edge.Upstream;

/// <summary>
/// Port: where the upstream link hands the backend's smart-charging calls instead of writing them through to the
/// charger. The edge is an OCPP 1.6 local controller (smart charging chapter): only the edge writes charging
/// profiles to a charger; the backend's profiles become constraints of the allocator's snapshot.
/// A TxProfile's transactionId arrives already translated to the edge's own transaction id.
/// </summary>
public interface IBackendSmartCharging
{
    /// <summary>Stores the backend's profile as a constraint: Accepted once stored, Rejected for what OCPP 1.6
    /// forbids (e.g. a TxProfile without a transaction on that connector).</summary>
    Task<SetChargingProfileResponse> SetChargingProfileAsync(string chargePointId, SetChargingProfileRequest request, CancellationToken ct);

    /// <summary>Removes the matching constraints (OCPP 1.6 §5.5 matching rules).</summary>
    Task<ClearChargingProfileResponse> ClearChargingProfileAsync(string chargePointId, ClearChargingProfileRequest request, CancellationToken ct);

    /// <summary>What the charger will actually do: answered from the charger, which holds the edge's profiles.</summary>
    Task<GetCompositeScheduleResponse> GetCompositeScheduleAsync(string chargePointId, GetCompositeScheduleRequest request, CancellationToken ct);
}
