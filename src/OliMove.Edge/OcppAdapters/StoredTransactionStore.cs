using OliMove.Edge.Users;
using OliMove.Ocpp.CentralSystem;
using OliMove.Ocpp.Messages;
using OliMove.Storage;

namespace OliMove.Edge.OcppAdapters;

/// <summary>
/// Transactions and meter values go to SQLite before the charger gets its reply (the OCPP module awaits these
/// methods before it answers), so nothing a charger was told we have is ever lost. They are group-committed: the
/// frames of all chargers that arrive while a commit is in flight share the next transaction (decision 0225). Replays are idempotent in
/// the repositories (OCPP 1.6 §4.7, §4.8, §4.10: chargers resend queued messages after an outage).
/// </summary>
public sealed class StoredTransactionStore(
    EdgeDatabase database,
    TransactionRepository transactions,
    MeterValueRepository meterValues,
    UserRepository users,
    IdTagPolicy idTagPolicy,
    CardBinding cards,
    TimeProvider time,
    ILogger<StoredTransactionStore> logger) : ITransactionStore
{
    public async Task<IdTagInfo> AuthorizeAsync(string chargePointId, string idTag, CancellationToken ct)
    {
        await BindPresentedCardAsync(chargePointId, idTag, time.GetUtcNow(), ct);
        return new() { Status = await StatusOfAsync(idTag, ct) };
    }

    public async Task<StartedTransaction> StartTransactionAsync(string chargePointId, StartTransactionRequest start, CancellationToken ct)
    {
        // A card the driver claimed in the app binds before the verdict and before the session is stored, so the
        // verdict knows the card and the session is the driver's from its first event on (decision 0241).
        await BindPresentedCardAsync(chargePointId, start.IdTag, start.Timestamp, ct);
        var status = await StatusOfAsync(start.IdTag, ct);
        // OCPP 1.6 §4.8: the charger has already started; we record the transaction whatever the idTag verdict
        // (the verdict goes back in idTagInfo and the charger stops if it is not Accepted).
        var result = await database.WriteGroupedAsync(async scope =>
        {
            // A replay (all five values equal) returns the id of the first start and changes nothing. A new start
            // on a connector whose earlier transaction is still open means that transaction's stop was lost: it is
            // closed in the same unit of work, so one connector never holds two open sessions (OCPP 1.6 §4.8).
            var started = await transactions.StartAsync(
                scope, new NewTransaction(chargePointId, start.ConnectorId, start.IdTag, start.MeterStart, start.Timestamp), ct);
            if (started.Created)
            {
                await transactions.SupersedeAsync(scope, chargePointId, start.ConnectorId, started.TransactionId, start.Timestamp, ct);
            }

            return started;
        }, ct);
        if (result.TransactionId > int.MaxValue)
        {
            throw new InvalidOperationException("transaction ids exhausted the OCPP integer range");
        }

        return new StartedTransaction((int)result.TransactionId, new IdTagInfo { Status = status });
    }

    public async Task<IdTagInfo?> StopTransactionAsync(string chargePointId, StopTransactionRequest stop, IReadOnlyList<NormalisedSampledValue> transactionData, CancellationToken ct)
    {
        await database.WriteGroupedAsync(async scope =>
        {
            var known = stop.TransactionId > 0 ? await transactions.GetAsync(stop.TransactionId, ct) : null;
            var connectorId = known?.ConnectorId ?? 0;
            long? transactionId = known is not null && known.ChargePointId == chargePointId ? known.Id : null;
            if (transactionData.Count > 0)
            {
                await meterValues.AddAsync(scope, ToStored(chargePointId, connectorId, transactionId, transactionData), ct);
            }

            if (transactionId is { } id)
            {
                await transactions.StopAsync(scope, id, stop.MeterStop, stop.Timestamp, stop.Reason is { } r ? OcppWireName.Of(r) : "Local", ct);
            }

            // A transaction id of -1 or one we never issued: OCPP 1.6 §4.10 says a stop cannot be refused. The
            // samples are kept (above) without a transaction; there is nothing to close.
        }, ct);

        return stop.IdTag is null ? null : new IdTagInfo { Status = await StatusOfAsync(stop.IdTag, ct) };
    }

    public Task RecordMeterValuesAsync(string chargePointId, int connectorId, int? transactionId, IReadOnlyList<NormalisedSampledValue> samples, CancellationToken ct) =>
        database.WriteGroupedAsync(async scope =>
        {
            // The transaction is linked only when it is this charger's; the look-up runs inside the unit of work, on
            // the write connection (no read connection per frame; decision 0290).
            long? known = transactionId is > 0 and { } id && await transactions.BelongsToAsync(scope, id, chargePointId, ct) ? id : null;
            await meterValues.AddAsync(scope, ToStored(chargePointId, connectorId, known, samples), ct);
        }, ct);

    private async Task BindPresentedCardAsync(string chargePointId, string idTag, DateTimeOffset presentedAt, CancellationToken ct)
    {
        try
        {
            await cards.BindPresentedAsync(chargePointId, idTag, presentedAt, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Binding is the driver's convenience, the start is the charger's fact (OCPP 1.6 §4.8: it cannot be
            // refused): a failed binding leaves the card pending and the message goes on. A full or failing disk is
            // reported by the storage health already, so it is not one more error here.
            logger.Log(StorageFault.Of(ex) is null ? LogLevel.Error : LogLevel.Warning, ex, "Card {IdTag} presented at {ChargePoint} could not be bound", idTag, chargePointId);
        }
    }

    private async Task<AuthorizationStatus> StatusOfAsync(string idTag, CancellationToken ct)
    {
        var user = await users.GetByIdTagAsync(idTag, ct);
        if (user is not null)
        {
            return AuthorizationStatus.Accepted;
        }

        return idTagPolicy.AcceptUnknownIdTags ? AuthorizationStatus.Accepted : AuthorizationStatus.Invalid;
    }

    private static List<MeterSample> ToStored(string chargePointId, int connectorId, long? transactionId, IReadOnlyList<NormalisedSampledValue> samples) =>
        samples.Select(s => new MeterSample(
            chargePointId,
            connectorId,
            transactionId,
            s.Timestamp,
            OcppWireName.Of(s.Measurand),
            s.Phase is { } p ? OcppWireName.Of(p) : null,
            OcppWireName.Of(s.Context),
            (double)s.Value,
            s.Unit)).ToList();
}
