using OliMove.Ocpp.CentralSystem;
using OliMove.Ocpp.Messages;

namespace OliMove.Bench.OcppLoad;

/// <summary>The host ports for the benchmark server: every id is known, nothing is persisted, meter samples are
/// counted. It measures the OCPP stack, not SQLite (the reference server stores nothing either).</summary>
public sealed class CountingStore : IChargePointDirectory, IChargePointRecorder, ITransactionStore
{
    private long _samples;
    private int _nextTransaction;

    public long Samples => Interlocked.Read(ref _samples);

    public ValueTask<ChargePointRegistration?> FindAsync(string chargePointId, CancellationToken ct) =>
        ValueTask.FromResult<ChargePointRegistration?>(new ChargePointRegistration(chargePointId, PreviouslyAccepted: false));

    public ValueTask<bool> VerifyAuthorizationKeyAsync(string chargePointId, string authorizationKey, CancellationToken ct) =>
        ValueTask.FromResult(true);

    public Task<RegistrationStatus> RecordBootAsync(string chargePointId, BootNotificationRequest boot, CancellationToken ct) =>
        Task.FromResult(RegistrationStatus.Accepted);

    public Task RecordStatusAsync(string chargePointId, StatusNotificationRequest status, CancellationToken ct) => Task.CompletedTask;

    public Task RecordCapabilitiesAsync(string chargePointId, ChargePointCapabilities capabilities, CancellationToken ct) => Task.CompletedTask;

    public Task RecordDiagnosticsStatusAsync(string chargePointId, DiagnosticsStatus status, CancellationToken ct) => Task.CompletedTask;

    public Task RecordFirmwareStatusAsync(string chargePointId, FirmwareStatus status, CancellationToken ct) => Task.CompletedTask;

    public Task<DataTransferResponse> DataTransferAsync(string chargePointId, DataTransferRequest request, CancellationToken ct) =>
        Task.FromResult(new DataTransferResponse { Status = DataTransferStatus.UnknownVendorId });

    public Task<IdTagInfo> AuthorizeAsync(string chargePointId, string idTag, CancellationToken ct) =>
        Task.FromResult(new IdTagInfo { Status = AuthorizationStatus.Accepted });

    public Task<StartedTransaction> StartTransactionAsync(string chargePointId, StartTransactionRequest start, CancellationToken ct) =>
        Task.FromResult(new StartedTransaction(Interlocked.Increment(ref _nextTransaction), new IdTagInfo { Status = AuthorizationStatus.Accepted }));

    public Task<IdTagInfo?> StopTransactionAsync(string chargePointId, StopTransactionRequest stop, IReadOnlyList<NormalisedSampledValue> transactionData, CancellationToken ct) =>
        Task.FromResult<IdTagInfo?>(null);

    public Task RecordMeterValuesAsync(string chargePointId, int connectorId, int? transactionId, IReadOnlyList<NormalisedSampledValue> samples, CancellationToken ct)
    {
        Interlocked.Add(ref _samples, samples.Count);
        return Task.CompletedTask;
    }
}
