using System.Globalization;
using Newtonsoft.Json.Linq;
using OliMove.Ocpp.CentralSystem;
using OliMove.Ocpp.Framing;
using OliMove.Ocpp.Messages;
using OliMove.Storage;

namespace OliMove.Edge.Upstream;

/// <summary>
/// The central system's transaction port with the upstream link in front: the edge stores first (its own
/// transaction, its meter values), then queues the message for the backend durably, then (bounded by
/// ReplyBound) waits for the backend's answer, so the charger's reply is never later than that and nothing it
/// was told is lost. A start answered in time hands the charger the backend's transactionId; otherwise the
/// charger keeps the edge's id and the backend's id is mapped when the queued start is answered.
/// </summary>
public sealed class UpstreamTransactionStore(
    ITransactionStore inner,
    UpstreamLinks links,
    UpstreamQueueRepository queue,
    UpstreamTransactionRepository transactions,
    UpstreamAuthorization authorization,
    TimeProvider time) : ITransactionStore
{
    public async Task<IdTagInfo> AuthorizeAsync(string chargePointId, string idTag, CancellationToken ct)
    {
        if (links.Find(chargePointId) is not { } link)
        {
            return await inner.AuthorizeAsync(chargePointId, idTag, ct);
        }
        var answer = await link.SendLiveAsync(AuthorizeRequest.Action, new JObject { ["idTag"] = idTag }, links.Settings.ReplyBound, ct);
        if (answer?["idTagInfo"] is JObject info)
        {
            var verdict = OcppJson.FromPayload<IdTagInfo>(info);
            await authorization.RememberAsync(idTag, verdict, ct);
            return verdict;
        }
        return await authorization.OfflineAsync(idTag, ct);
    }

    public async Task<StartedTransaction> StartTransactionAsync(string chargePointId, StartTransactionRequest start, CancellationToken ct)
    {
        var started = await inner.StartTransactionAsync(chargePointId, start, ct);
        if (links.Find(chargePointId) is not { } link)
        {
            return started;
        }
        var existing = await transactions.GetAsync(started.TransactionId, ct);
        if (existing is null)
        {
            await transactions.AddAsync(new UpstreamTransactionLink(started.TransactionId, chargePointId, started.TransactionId, null), time.GetUtcNow(), ct);
        }
        var queueId = await EnqueueAsync(link, chargePointId, $"start:{started.TransactionId}", start, started.TransactionId, ct);
        if (existing is not null)
        {
            // A replayed start: the charger gets the id it was given the first time.
            return started with { IdTagInfo = await authorization.OfflineAsync(start.IdTag, ct), ChargerFacingId = existing.ChargerFacingId };
        }
        var answer = await link.WaitForDeliveryAsync(queueId, links.Settings.ReplyBound, ct);
        if (answer is not null && answer.Value<int?>("transactionId") is { } backendId && answer["idTagInfo"] is JObject info)
        {
            await transactions.SetChargerFacingIdAsync(started.TransactionId, backendId, ct);
            return started with { IdTagInfo = OcppJson.FromPayload<IdTagInfo>(info), ChargerFacingId = backendId };
        }
        return started with { IdTagInfo = await authorization.OfflineAsync(start.IdTag, ct) };
    }

    public async Task<IdTagInfo?> StopTransactionAsync(string chargePointId, StopTransactionRequest stop,
        IReadOnlyList<NormalisedSampledValue> transactionData, CancellationToken ct)
    {
        var local = await inner.StopTransactionAsync(chargePointId, stop, transactionData, ct);
        if (links.Find(chargePointId) is not { } link)
        {
            return local;
        }
        // The id is the edge's when the transaction went through the link; a stop of one the backend never saw
        // (-1, or started before the link) goes as the charger sent it.
        var known = stop.TransactionId > 0 && await transactions.GetAsync(stop.TransactionId, ct) is { } t && t.ChargePointId == chargePointId;
        var key = known
            ? $"stop:{stop.TransactionId}"
            : $"stop:{chargePointId}:{stop.TransactionId}:{stop.Timestamp.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)}";
        var queueId = await EnqueueAsync(link, chargePointId, key, stop, known ? stop.TransactionId : null, ct);
        var answer = await link.WaitForDeliveryAsync(queueId, links.Settings.ReplyBound, ct);
        if (answer?["idTagInfo"] is JObject info)
        {
            return OcppJson.FromPayload<IdTagInfo>(info);
        }
        return stop.IdTag is null ? null : await authorization.OfflineAsync(stop.IdTag, ct);
    }

    public Task RecordMeterValuesAsync(string chargePointId, int connectorId, int? transactionId,
        IReadOnlyList<NormalisedSampledValue> samples, CancellationToken ct) =>
        inner.RecordMeterValuesAsync(chargePointId, connectorId, transactionId, samples, ct);

    public async Task RecordMeterValuesAsync(string chargePointId, MeterValuesRequest request, IReadOnlyList<NormalisedSampledValue> samples, CancellationToken ct)
    {
        await inner.RecordMeterValuesAsync(chargePointId, request, samples, ct);
        if (links.Find(chargePointId) is not { } link)
        {
            return;
        }
        if (request.TransactionId is { } id && await transactions.GetAsync(id, ct) is { } t && t.ChargePointId == chargePointId)
        {
            // Transaction meter values are part of the billing record: queued like starts and stops.
            var first = request.MeterValue.Count > 0 ? request.MeterValue[0].Timestamp.ToUnixTimeMilliseconds() : 0;
            await EnqueueAsync(link, chargePointId,
                $"meter:{id}:{request.ConnectorId}:{first.ToString(CultureInfo.InvariantCulture)}", request, id, ct);
            return;
        }
        // Meter values outside a transaction are live data: sent if the link is up, else dropped.
        link.Post(request);
    }

    private async Task<long> EnqueueAsync<TRequest, TResponse>(UpstreamLink link, string chargePointId, string key,
        IOcppRequest<TRequest, TResponse> request, long? transactionId, CancellationToken ct)
        where TRequest : IOcppRequest<TRequest, TResponse>
        where TResponse : notnull
    {
        var (id, added) = await queue.EnqueueAsync(chargePointId, TRequest.Action, key, OcppJson.ToPayload(request).ToString(Newtonsoft.Json.Formatting.None),
            transactionId, time.GetUtcNow(), ct);
        link.QueueChanged(added ? 1 : 0);
        return id;
    }
}
