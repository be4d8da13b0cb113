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

    /// <summary>Sends the request's action (the type names it) and returns the typed reply. Transaction ids in it
    /// are the host's; the session translates them for the charger.</summary>
    Task<TResponse> CallAsync<TRequest, TResponse>(IOcppRequest<TRequest, TResponse> request, CancellationToken ct = default)
        where TRequest : IOcppRequest<TRequest, TResponse>
        where TResponse : notnull;

    // The actions by name, for callers that read better with them; each is the generic call.
    Task<SetChargingProfileResponse> SetChargingProfileAsync(SetChargingProfileRequest request, CancellationToken ct = default) => CallAsync(request, ct);

    Task<ClearChargingProfileResponse> ClearChargingProfileAsync(ClearChargingProfileRequest request, CancellationToken ct = default) => CallAsync(request, ct);

    Task<GetCompositeScheduleResponse> GetCompositeScheduleAsync(GetCompositeScheduleRequest request, CancellationToken ct = default) => CallAsync(request, ct);

    Task<GetConfigurationResponse> GetConfigurationAsync(GetConfigurationRequest request, CancellationToken ct = default) => CallAsync(request, ct);

    Task<ChangeConfigurationResponse> ChangeConfigurationAsync(ChangeConfigurationRequest request, CancellationToken ct = default) => CallAsync(request, ct);

    Task<RemoteStartTransactionResponse> RemoteStartTransactionAsync(RemoteStartTransactionRequest request, CancellationToken ct = default) => CallAsync(request, ct);

    Task<RemoteStopTransactionResponse> RemoteStopTransactionAsync(RemoteStopTransactionRequest request, CancellationToken ct = default) => CallAsync(request, ct);

    Task<TriggerMessageResponse> TriggerMessageAsync(TriggerMessageRequest request, CancellationToken ct = default) => CallAsync(request, ct);

    Task<ChangeAvailabilityResponse> ChangeAvailabilityAsync(ChangeAvailabilityRequest request, CancellationToken ct = default) => CallAsync(request, ct);

    Task<ResetResponse> ResetAsync(ResetRequest request, CancellationToken ct = default) => CallAsync(request, ct);

    Task<UnlockConnectorResponse> UnlockConnectorAsync(UnlockConnectorRequest request, CancellationToken ct = default) => CallAsync(request, ct);

    Task<DataTransferResponse> DataTransferAsync(DataTransferRequest request, CancellationToken ct = default) => CallAsync(request, ct);

    Task<ReserveNowResponse> ReserveNowAsync(ReserveNowRequest request, CancellationToken ct = default) => CallAsync(request, ct);

    Task<CancelReservationResponse> CancelReservationAsync(CancelReservationRequest request, CancellationToken ct = default) => CallAsync(request, ct);
}
