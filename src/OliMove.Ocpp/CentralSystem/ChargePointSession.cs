using Newtonsoft.Json.Linq;
using OliMove.Ocpp.Messages;
using OliMove.Ocpp.Rpc;

namespace OliMove.Ocpp.CentralSystem;

/// <summary>A connected charger: its RPC connection and its boot state, seen by the host as an
/// <see cref="IChargePointClient"/>. Transaction ids given to it are the host's; it sends the charger's own
/// (<see cref="IChargerTransactionIds"/>).</summary>
public sealed class ChargePointSession(string chargePointId, RegistrationStatus? bootStatus, IChargerTransactionIds? transactionIds = null) : IChargePointClient
{
    private readonly IChargerTransactionIds _transactionIds = transactionIds ?? new SameChargerTransactionIds();

    private OcppRpcConnection? _connection;

    private volatile object? _bootStatus = bootStatus;

    public string ChargePointId { get; } = chargePointId;

    public bool IsConnected => _connection?.IsOpen ?? false;

    /// <summary>Null until a BootNotification was answered on this or an earlier connection.</summary>
    public RegistrationStatus? BootStatus
    {
        get => (RegistrationStatus?)_bootStatus;
        internal set => _bootStatus = value;
    }

    internal OcppRpcConnection Connection =>
        _connection ?? throw new InvalidOperationException("the session has no connection yet");

    /// <summary>The routes of a session close over it, so it exists before its connection.</summary>
    internal void Attach(OcppRpcConnection connection) => _connection = connection;

    public async Task<SetChargingProfileResponse> SetChargingProfileAsync(SetChargingProfileRequest request, CancellationToken ct = default)
    {
        if (request.CsChargingProfiles.TransactionId is { } hostId)
        {
            var facing = await _transactionIds.ToChargerAsync(ChargePointId, hostId, ct);
            request = request with { CsChargingProfiles = request.CsChargingProfiles with { TransactionId = facing } };
        }
        return await Connection.CallAsync<SetChargingProfileResponse>("SetChargingProfile", request, ct);
    }

    public Task<ClearChargingProfileResponse> ClearChargingProfileAsync(ClearChargingProfileRequest request, CancellationToken ct = default) =>
        Connection.CallAsync<ClearChargingProfileResponse>("ClearChargingProfile", request, ct);

    public Task<GetCompositeScheduleResponse> GetCompositeScheduleAsync(GetCompositeScheduleRequest request, CancellationToken ct = default) =>
        Connection.CallAsync<GetCompositeScheduleResponse>("GetCompositeSchedule", request, ct);

    public Task<GetConfigurationResponse> GetConfigurationAsync(GetConfigurationRequest request, CancellationToken ct = default) =>
        Connection.CallAsync<GetConfigurationResponse>("GetConfiguration", request, ct);

    public Task<ChangeConfigurationResponse> ChangeConfigurationAsync(ChangeConfigurationRequest request, CancellationToken ct = default) =>
        Connection.CallAsync<ChangeConfigurationResponse>("ChangeConfiguration", request, ct);

    public Task<RemoteStartTransactionResponse> RemoteStartTransactionAsync(RemoteStartTransactionRequest request, CancellationToken ct = default)
    {
        EnsureAccepted("RemoteStartTransaction");
        return Connection.CallAsync<RemoteStartTransactionResponse>("RemoteStartTransaction", request, ct);
    }

    public async Task<RemoteStopTransactionResponse> RemoteStopTransactionAsync(RemoteStopTransactionRequest request, CancellationToken ct = default)
    {
        EnsureAccepted("RemoteStopTransaction");
        var facing = request with { TransactionId = await _transactionIds.ToChargerAsync(ChargePointId, request.TransactionId, ct) };
        return await Connection.CallAsync<RemoteStopTransactionResponse>("RemoteStopTransaction", facing, ct);
    }

    public Task<TriggerMessageResponse> TriggerMessageAsync(TriggerMessageRequest request, CancellationToken ct = default) =>
        Connection.CallAsync<TriggerMessageResponse>("TriggerMessage", request, ct);

    public Task<ChangeAvailabilityResponse> ChangeAvailabilityAsync(ChangeAvailabilityRequest request, CancellationToken ct = default) =>
        Connection.CallAsync<ChangeAvailabilityResponse>("ChangeAvailability", request, ct);

    public Task<ResetResponse> ResetAsync(ResetRequest request, CancellationToken ct = default) =>
        Connection.CallAsync<ResetResponse>("Reset", request, ct);

    public Task<UnlockConnectorResponse> UnlockConnectorAsync(UnlockConnectorRequest request, CancellationToken ct = default) =>
        Connection.CallAsync<UnlockConnectorResponse>("UnlockConnector", request, ct);

    public Task<DataTransferResponse> DataTransferAsync(DataTransferRequest request, CancellationToken ct = default) =>
        Connection.CallAsync<DataTransferResponse>("DataTransfer", request, ct);

    // OCPP 1.6 §5.13, §5.3 (Reservation profile).
    public Task<ReserveNowResponse> ReserveNowAsync(ReserveNowRequest request, CancellationToken ct = default) =>
        Connection.CallAsync<ReserveNowResponse>("ReserveNow", request, ct);

    public Task<CancelReservationResponse> CancelReservationAsync(CancelReservationRequest request, CancellationToken ct = default) =>
        Connection.CallAsync<CancelReservationResponse>("CancelReservation", request, ct);
    /// <summary>Sends any central-system action with its payload as it is (a local controller forwarding its
    /// central system's CALL); transaction ids in it are not translated. The reply is schema-checked.</summary>
    public Task<JObject> CallAsync(string action, JObject payload, CancellationToken ct = default) =>
        Connection.CallAsync<JObject>(action, payload, ct);

    /// <summary>OCPP 1.6 §4.2: while its boot is Pending, a charger must not be asked to start or stop.</summary>
    private void EnsureAccepted(string action)
    {
        if (BootStatus is not RegistrationStatus.Accepted)
        {
            throw new InvalidOperationException($"{action} needs an accepted BootNotification; '{ChargePointId}' is {BootStatus?.ToString() ?? "not booted"}");
        }
    }
}
