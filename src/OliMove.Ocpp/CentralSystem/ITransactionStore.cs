using OliMove.Ocpp.Messages;

namespace OliMove.Ocpp.CentralSystem;

/// <summary>
/// Port: authorisation and the durable record of transactions and meter values. Every method returns only once
/// its data is stored (the reply to the charger is sent after that), and every method is idempotent, because
/// chargers replay queued messages after an outage, sometimes more than once (OCPP 1.6 §4.7, §4.8, §4.10).
/// </summary>
public interface ITransactionStore
{
    Task<IdTagInfo> AuthorizeAsync(string chargePointId, string idTag, CancellationToken ct);

    /// <summary>Returns a unique positive transaction id. A replay of the same start (same charger, connector,
    /// idTag, timestamp and meterStart) must return the id given the first time and store nothing new.</summary>
    Task<StartedTransaction> StartTransactionAsync(string chargePointId, StartTransactionRequest start, CancellationToken ct);

    /// <summary>Cannot be refused (OCPP 1.6 §4.10). Idempotent per transaction id; a transaction id of -1 (a
    /// charger that never got its start confirmed) or an unknown id is stored as an orphan stop and answered
    /// normally. <paramref name="transactionData"/> holds the normalised samples of the stop.</summary>
    Task<IdTagInfo?> StopTransactionAsync(string chargePointId, StopTransactionRequest stop,
        IReadOnlyList<NormalisedSampledValue> transactionData, CancellationToken ct);

    /// <summary>Normalised samples (W, Wh, A, Percent). Idempotent: a sample equal in charger, connector,
    /// timestamp, measurand, phase, location and context to a stored one is not stored twice.</summary>
    Task RecordMeterValuesAsync(string chargePointId, int connectorId, int? transactionId,
        IReadOnlyList<NormalisedSampledValue> samples, CancellationToken ct);

    /// <summary>As above, with the request as the charger sent it (transaction id already the host's), for a
    /// store that passes it on unchanged (a local controller's upstream link).</summary>
    Task RecordMeterValuesAsync(string chargePointId, MeterValuesRequest request, IReadOnlyList<NormalisedSampledValue> samples, CancellationToken ct) =>
        RecordMeterValuesAsync(chargePointId, request.ConnectorId, request.TransactionId, samples, ct);
}
