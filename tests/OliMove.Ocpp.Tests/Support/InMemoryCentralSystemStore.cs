using System.Collections.Concurrent;
using OliMove.Ocpp.CentralSystem;
using OliMove.Ocpp.Messages;

namespace OliMove.Ocpp.Tests.Support;

/// <summary>The host ports in memory, with the idempotency the port contracts ask for (the host's SQLite
/// implementation is tested by the host).</summary>
public sealed class InMemoryCentralSystemStore : IChargePointDirectory, IChargePointRecorder, ITransactionStore
{
    private readonly Lock _lock = new();
    private int _nextTransactionId = 100;

    public ConcurrentDictionary<string, string> Keys { get; } = new();

    public RegistrationStatus BootDecision { get; set; } = RegistrationStatus.Accepted;

    public HashSet<string> PreviouslyAccepted { get; } = [];

    public List<(string ChargePointId, BootNotificationRequest Boot)> Boots { get; } = [];

    public List<(string ChargePointId, StatusNotificationRequest Status)> Statuses { get; } = [];

    public ConcurrentDictionary<string, ChargePointCapabilities> Capabilities { get; } = new();

    public List<(string ChargePointId, object Status)> FirmwareAndDiagnostics { get; } = [];

    public List<(string ChargePointId, DataTransferRequest Request)> DataTransfers { get; } = [];

    public List<StoredTransaction> Transactions { get; } = [];

    public List<(string ChargePointId, int ConnectorId, int? TransactionId, NormalisedSampledValue Sample)> Samples { get; } = [];

    private readonly HashSet<(string, int, NormalisedSampledValue)> _sampleKeys = [];

    private readonly Dictionary<(string, int, string, DateTimeOffset, int), StoredTransaction> _startKeys = [];

    public List<string> StopsWithUnknownTransaction { get; } = [];

    /// <summary>Runs after a start is stored and before the reply leaves (e.g. to cut the connection there).</summary>
    public Func<Task>? AfterStartStored { get; set; }

    public ValueTask<ChargePointRegistration?> FindAsync(string chargePointId, CancellationToken ct) =>
        ValueTask.FromResult(Keys.ContainsKey(chargePointId)
            ? new ChargePointRegistration(chargePointId, PreviouslyAccepted.Contains(chargePointId))
            : null);

    public ValueTask<bool> VerifyAuthorizationKeyAsync(string chargePointId, string authorizationKey, CancellationToken ct) =>
        ValueTask.FromResult(Keys.TryGetValue(chargePointId, out var key) && key == authorizationKey);

    public Task<RegistrationStatus> RecordBootAsync(string chargePointId, BootNotificationRequest boot, CancellationToken ct)
    {
        lock (_lock)
        {
            Boots.Add((chargePointId, boot));
        }
        return Task.FromResult(BootDecision);
    }

    public Task RecordStatusAsync(string chargePointId, StatusNotificationRequest status, CancellationToken ct)
    {
        lock (_lock)
        {
            Statuses.Add((chargePointId, status));
        }
        return Task.CompletedTask;
    }

    public Task RecordCapabilitiesAsync(string chargePointId, ChargePointCapabilities capabilities, CancellationToken ct)
    {
        Capabilities[chargePointId] = capabilities;
        return Task.CompletedTask;
    }

    public Task RecordDiagnosticsStatusAsync(string chargePointId, DiagnosticsStatus status, CancellationToken ct)
    {
        lock (_lock)
        {
            FirmwareAndDiagnostics.Add((chargePointId, status));
        }
        return Task.CompletedTask;
    }

    public Task RecordFirmwareStatusAsync(string chargePointId, FirmwareStatus status, CancellationToken ct)
    {
        lock (_lock)
        {
            FirmwareAndDiagnostics.Add((chargePointId, status));
        }
        return Task.CompletedTask;
    }

    public Task<DataTransferResponse> DataTransferAsync(string chargePointId, DataTransferRequest request, CancellationToken ct)
    {
        lock (_lock)
        {
            DataTransfers.Add((chargePointId, request));
        }
        return Task.FromResult(new DataTransferResponse
        {
            Status = request.VendorId == "OliMove" ? DataTransferStatus.Accepted : DataTransferStatus.UnknownVendorId,
            Data = request.VendorId == "OliMove" ? "pong" : null,
        });
    }

    public Task<IdTagInfo> AuthorizeAsync(string chargePointId, string idTag, CancellationToken ct) =>
        Task.FromResult(new IdTagInfo { Status = idTag.StartsWith("BAD", StringComparison.Ordinal) ? AuthorizationStatus.Invalid : AuthorizationStatus.Accepted });

    public async Task<StartedTransaction> StartTransactionAsync(string chargePointId, StartTransactionRequest start, CancellationToken ct)
    {
        StoredTransaction? stored;
        lock (_lock)
        {
            var key = (chargePointId, start.ConnectorId, start.IdTag, start.Timestamp, start.MeterStart);
            if (!_startKeys.TryGetValue(key, out stored))
            {
                stored = new StoredTransaction(_nextTransactionId++, chargePointId, start);
                Transactions.Add(stored);
                _startKeys[key] = stored;
            }
        }
        if (AfterStartStored is { } hook)
        {
            AfterStartStored = null;
            await hook();
        }
        return new StartedTransaction(stored.TransactionId, new IdTagInfo { Status = AuthorizationStatus.Accepted });
    }

    public Task<IdTagInfo?> StopTransactionAsync(string chargePointId, StopTransactionRequest stop, IReadOnlyList<NormalisedSampledValue> transactionData, CancellationToken ct)
    {
        lock (_lock)
        {
            var stored = Transactions.FirstOrDefault(t => t.ChargePointId == chargePointId && t.TransactionId == stop.TransactionId);
            if (stored is null)
            {
                StopsWithUnknownTransaction.Add($"{chargePointId}:{stop.TransactionId}");
            }
            else
            {
                stored.Stop ??= stop;
            }
        }
        return Task.FromResult<IdTagInfo?>(stop.IdTag is null ? null : new IdTagInfo { Status = AuthorizationStatus.Accepted });
    }

    public Task RecordMeterValuesAsync(string chargePointId, int connectorId, int? transactionId, IReadOnlyList<NormalisedSampledValue> samples, CancellationToken ct)
    {
        lock (_lock)
        {
            foreach (var sample in samples)
            {
                if (_sampleKeys.Add((chargePointId, connectorId, sample)))
                {
                    Samples.Add((chargePointId, connectorId, transactionId, sample));
                }
            }
        }
        return Task.CompletedTask;
    }
}
