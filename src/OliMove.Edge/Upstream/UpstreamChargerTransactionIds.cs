using OliMove.Ocpp.CentralSystem;
using OliMove.Storage;

namespace OliMove.Edge.Upstream;

/// <summary>The charger-facing ids of transactions that went through the upstream link, from the durable
/// mapping; always per charger. Transactions without a mapping keep the edge's id. A charger that never went through
/// the link is answered from memory, without a query (every MeterValues asks; decision 0290).</summary>
public sealed class UpstreamChargerTransactionIds(UpstreamTransactionRepository transactions) : IChargerTransactionIds
{
    public async ValueTask<int> ToHostAsync(string chargePointId, int chargerFacingId, CancellationToken ct) =>
        chargerFacingId > 0
            && await transactions.HasLinksAsync(chargePointId, ct)
            && await transactions.FindByChargerFacingIdAsync(chargePointId, chargerFacingId, ct) is { } link
            ? (int)link.TransactionId
            : chargerFacingId;

    public async ValueTask<int> ToChargerAsync(string chargePointId, int hostId, CancellationToken ct) =>
        await transactions.HasLinksAsync(chargePointId, ct)
            && await transactions.GetAsync(hostId, ct) is { } link && link.ChargePointId == chargePointId ? link.ChargerFacingId : hostId;
}
