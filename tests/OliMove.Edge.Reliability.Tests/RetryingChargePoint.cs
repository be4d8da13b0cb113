using System.Net.WebSockets;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using OliMove.Ocpp.Messages;
using OliMove.Ocpp.Routing;
using OliMove.Ocpp.Rpc;

namespace OliMove.Edge.ReliabilityTests;

/// <summary>
/// A charge point that keeps every transaction message the central system refuses and sends it again later, in
/// order, as OCPP 1.6 §4.7 asks (TransactionMessageAttempts / TransactionMessageRetryInterval): a refused
/// StartTransaction, MeterValues or StopTransaction stays at the head of its queue and nothing behind it overtakes
/// it. The test decides when to deliver, so it can tell which message was refused. It speaks over the product's
/// own OCPP-J stack (a real WebSocket) and answers the central system's configuration and profile calls.
/// </summary>
public sealed class RetryingChargePoint : IAsyncDisposable
{
    private readonly Queue<(string Action, int LocalTransaction, Func<object> Build)> _queue = new();
    private readonly Dictionary<int, int> _transactionIds = [];
    private readonly List<(string Action, string ErrorCode, string Description)> _refusals = [];
    private ClientWebSocket? _socket;
    private OcppRpcConnection? _connection;
    private Task? _receiving;
    private int _nextLocal;

    private RetryingChargePoint(string chargePointId) => ChargePointId = chargePointId;

    public string ChargePointId { get; }

    public int Queued => _queue.Count;

    /// <summary>Every refusal the central system answered, in order.</summary>
    public IReadOnlyList<(string Action, string ErrorCode, string Description)> Refusals => _refusals;

    public static async Task<RetryingChargePoint> ConnectAsync(Uri ocppBase, string chargePointId, string key)
    {
        var cp = new RetryingChargePoint(chargePointId);
        var schemas = await OcppSchemaSet.LoadEmbeddedAsync();
        cp._socket = new ClientWebSocket();
        cp._socket.Options.AddSubProtocol("ocpp1.6");
        cp._socket.Options.SetRequestHeader("Authorization", "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{chargePointId}:{key}")));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await cp._socket.ConnectAsync(new Uri(ocppBase.ToString().TrimEnd('/') + "/" + Uri.EscapeDataString(chargePointId)), timeout.Token);
        var dispatcher = new OcppCallDispatcher(Routes(), OcppActions.FromCentralSystem, schemas, _ => null, true, NullLogger.Instance);
        cp._connection = new OcppRpcConnection(chargePointId, cp._socket, dispatcher, schemas,
            new OcppRpcOptions { CallTimeout = TimeSpan.FromSeconds(30) }, TimeProvider.System, NullLogger.Instance);
        cp._receiving = cp._connection.RunAsync(CancellationToken.None);
        var boot = await cp.Connection.CallAsync(
            new BootNotificationRequest { ChargePointVendor = "Reliability", ChargePointModel = "Retrying" });
        boot.Status.Should().Be(RegistrationStatus.Accepted);
        return cp;
    }

    public Task<HeartbeatResponse> HeartbeatAsync() => Connection.CallAsync(new HeartbeatRequest());

    /// <summary>The central system's id for a started transaction, once it acknowledged the start.</summary>
    public int? TransactionId(int localTransaction) => _transactionIds.TryGetValue(localTransaction, out var id) ? id : null;

    /// <summary>Queues a StartTransaction; returns the charger's own reference to the transaction.</summary>
    public int Start(int connectorId, string idTag, int meterStart, DateTimeOffset at)
    {
        var local = ++_nextLocal;
        _queue.Enqueue((StartTransactionRequest.Action, local, () => new StartTransactionRequest { ConnectorId = connectorId, IdTag = idTag, MeterStart = meterStart, Timestamp = at }));
        return local;
    }

    public void MeterValues(int connectorId, int localTransaction, IReadOnlyList<MeterValue> values) =>
        _queue.Enqueue((MeterValuesRequest.Action, localTransaction, () => new MeterValuesRequest
        {
            ConnectorId = connectorId,
            TransactionId = TransactionId(localTransaction),
            MeterValue = values,
        }));

    public void Stop(int localTransaction, int meterStop, DateTimeOffset at, IReadOnlyList<MeterValue>? transactionData = null) =>
        _queue.Enqueue((StopTransactionRequest.Action, localTransaction, () => new StopTransactionRequest
        {
            TransactionId = TransactionId(localTransaction) ?? -1,
            MeterStop = meterStop,
            Timestamp = at,
            Reason = Reason.EVDisconnected,
            TransactionData = transactionData,
        }));

    /// <summary>
    /// Sends the queue in order until it is empty or the central system refuses a message with a CALLERROR; the
    /// refused message stays first in the queue. Returns the refusal, or null when everything was acknowledged.
    /// </summary>
    public async Task<(string Action, string ErrorCode, string Description)?> DeliverAsync()
    {
        while (_queue.TryPeek(out var message))
        {
            try
            {
                switch (message.Build())
                {
                    case StartTransactionRequest start:
                        _transactionIds[message.LocalTransaction] = (await Connection.CallAsync(start)).TransactionId;
                        break;
                    case MeterValuesRequest meter:
                        await Connection.CallAsync(meter);
                        break;
                    case StopTransactionRequest stop:
                        await Connection.CallAsync(stop);
                        break;
                    default:
                        throw new InvalidOperationException($"{message.Action} is not a transaction message");
                }
            }
            catch (OcppCallErrorException e)
            {
                var refusal = (message.Action, e.ErrorCode, e.Description);
                _refusals.Add(refusal);
                return refusal;
            }

            _queue.Dequeue();
        }

        return null;
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is { } connection)
        {
            await connection.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye");
        }

        if (_receiving is { } receiving)
        {
            await receiving;
        }

        _socket?.Dispose();
    }

    private OcppRpcConnection Connection => _connection ?? throw new InvalidOperationException("not connected");

    private static OcppRouteTable Routes() => new OcppRouteTable()
        .Map<GetConfigurationRequest, GetConfigurationResponse>((_, request, _) => ValueTask.FromResult(new GetConfigurationResponse
        {
            ConfigurationKey =
            [
                new ConfigurationKey { Key = "ChargingScheduleAllowedChargingRateUnit", Readonly = true, Value = "Power" },
                new ConfigurationKey { Key = "ChargingScheduleMaxPeriods", Readonly = true, Value = "24" },
                new ConfigurationKey { Key = "ChargeProfileMaxStackLevel", Readonly = true, Value = "8" },
                new ConfigurationKey { Key = "MaxChargingProfilesInstalled", Readonly = true, Value = "8" },
            ],
        }))
        .Map<ChangeConfigurationRequest, ChangeConfigurationResponse>((_, _, _) =>
            ValueTask.FromResult(new ChangeConfigurationResponse { Status = ConfigurationStatus.Accepted }))
        .Map<SetChargingProfileRequest, SetChargingProfileResponse>((_, _, _) =>
            ValueTask.FromResult(new SetChargingProfileResponse { Status = ChargingProfileStatus.Accepted }))
        .Map<ClearChargingProfileRequest, ClearChargingProfileResponse>((_, _, _) =>
            ValueTask.FromResult(new ClearChargingProfileResponse { Status = ClearChargingProfileStatus.Accepted }));
}
