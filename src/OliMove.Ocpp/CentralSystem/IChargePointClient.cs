using OliMove.Ocpp.Messages;

namespace OliMove.Ocpp.CentralSystem;

/// <summary>
/// Sends CALLs to one connected charger. Each call awaits the reply (or throws OcppCallTimeoutException after the
/// configured timeout, OcppCallErrorException on a CALLERROR, OcppConnectionClosedException when the charger is
/// gone). Calls are sent one at a time; concurrent callers queue.
/// </summary>
public interface IChargePointClient
{
    string ChargePointId { get; }

    bool IsConnected { get; }

    Task<SetChargingProfileResponse> SetChargingProfileAsync(SetChargingProfileRequest request, CancellationToken ct = default);

    Task<ClearChargingProfileResponse> ClearChargingProfileAsync(ClearChargingProfileRequest request, CancellationToken ct = default);

    Task<GetCompositeScheduleResponse> GetCompositeScheduleAsync(GetCompositeScheduleRequest request, CancellationToken ct = default);

    Task<GetConfigurationResponse> GetConfigurationAsync(GetConfigurationRequest request, CancellationToken ct = default);

    Task<ChangeConfigurationResponse> ChangeConfigurationAsync(ChangeConfigurationRequest request, CancellationToken ct = default);

    Task<RemoteStartTransactionResponse> RemoteStartTransactionAsync(RemoteStartTransactionRequest request, CancellationToken ct = default);

    Task<RemoteStopTransactionResponse> RemoteStopTransactionAsync(RemoteStopTransactionRequest request, CancellationToken ct = default);

    Task<TriggerMessageResponse> TriggerMessageAsync(TriggerMessageRequest request, CancellationToken ct = default);

    Task<ChangeAvailabilityResponse> ChangeAvailabilityAsync(ChangeAvailabilityRequest request, CancellationToken ct = default);

    Task<ResetResponse> ResetAsync(ResetRequest request, CancellationToken ct = default);

    Task<UnlockConnectorResponse> UnlockConnectorAsync(UnlockConnectorRequest request, CancellationToken ct = default);

    Task<DataTransferResponse> DataTransferAsync(DataTransferRequest request, CancellationToken ct = default);

    Task<ReserveNowResponse> ReserveNowAsync(ReserveNowRequest request, CancellationToken ct = default);

    Task<CancelReservationResponse> CancelReservationAsync(CancelReservationRequest request, CancellationToken ct = default);
}
