using Newtonsoft.Json.Linq;
using OliMove.Ocpp.Messages;
using OliMove.Ocpp.Rpc;

namespace OliMove.Ocpp.CentralSystem;

/// <summary>A connected charger: its RPC connection and its boot state, seen by the host as an
/// <see cref="IChargePointClient"/>. Transaction ids given to it are the host's; it sends the charger's own
/// (<see cref="IChargerTransactionIds"/>).</summary>
public sealed class ChargePointSession(
    string chargePointId,
    RegistrationStatus? bootStatus,
    IChargerTransactionIds? transactionIds = null,
    ChargePointConfigurationMemo? configurations = null) : IChargePointClient
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

    public async Task<TResponse> CallAsync<TRequest, TResponse>(IOcppRequest<TRequest, TResponse> request, CancellationToken ct = default)
        where TRequest : IOcppRequest<TRequest, TResponse>
        where TResponse : notnull =>
        await Connection.CallAsync<TRequest, TResponse>(await ForChargerAsync((TRequest)request, ct), ct);

    /// <summary>Sends any central-system action with its payload as it is (a local controller forwarding its
    /// central system's CALL); transaction ids in it are not translated. The reply is schema-checked.</summary>
    public Task<JObject> CallAsync(string action, JObject payload, CancellationToken ct = default)
    {
        if (action == ChangeConfigurationRequest.Action || action == ResetRequest.Action || action == UpdateFirmwareRequest.Action)
        {
            configurations?.Forget(ChargePointId);
        }

        return Connection.CallAsync(action, payload, ct);
    }

    /// <summary>The request as the charger must see it: its own transaction ids (in a TxProfile and in
    /// RemoteStopTransaction), and no start or stop before an accepted boot.</summary>
    private async ValueTask<TRequest> ForChargerAsync<TRequest>(TRequest request, CancellationToken ct)
        where TRequest : notnull
    {
        switch (request)
        {
            case SetChargingProfileRequest { CsChargingProfiles.TransactionId: { } hostId } set:
                var facing = await _transactionIds.ToChargerAsync(ChargePointId, hostId, ct);
                return (TRequest)(object)(set with { CsChargingProfiles = set.CsChargingProfiles with { TransactionId = facing } });
            case RemoteStartTransactionRequest:
                EnsureAccepted(RemoteStartTransactionRequest.Action);
                return request;
            case RemoteStopTransactionRequest stop:
                EnsureAccepted(RemoteStopTransactionRequest.Action);
                return (TRequest)(object)(stop with { TransactionId = await _transactionIds.ToChargerAsync(ChargePointId, stop.TransactionId, ct) });
            case ChangeConfigurationRequest or ResetRequest or UpdateFirmwareRequest:
                // Its configuration may change: the next boot configures it again instead of trusting the last one.
                configurations?.Forget(ChargePointId);
                return request;
            default:
                return request;
        }
    }

    /// <summary>OCPP 1.6 §4.2: while its boot is Pending, a charger must not be asked to start or stop.</summary>
    private void EnsureAccepted(string action)
    {
        if (BootStatus is not RegistrationStatus.Accepted)
        {
            throw new InvalidOperationException($"{action} needs an accepted BootNotification; '{ChargePointId}' is {BootStatus?.ToString() ?? "not booted"}");
        }
    }
}
