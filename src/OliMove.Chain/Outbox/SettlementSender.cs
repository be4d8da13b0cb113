using Nethereum.Hex.HexConvertors.Extensions;
using Nethereum.RPC.Eth.DTOs;
using OliMove.Chain.Clients;
using OliMove.Chain.Contracts;
using OliMove.Storage;

namespace OliMove.Chain;

/// <summary>
/// Consecutive settlements in one ChargingSettlement.settle transaction under the site's id. A settlement whose
/// payload is bad, or outside the CPO's per-session bounds, fails alone; the others of the batch still go. A session
/// the chain already holds counts as sent only when its stored bill is this item's (same user, energy and
/// flexibility); another bill under the same key (a restored database reusing tx numbers) parks it as a conflict.
/// </summary>
internal sealed class SettlementSender(
    ChargingSettlementClient settlement,
    ChainSite site,
    ChainOutboxRepository outbox,
    ChainRpc rpc,
    ReceiptReconciler receipts,
    ContractTransactionSender transactions,
    TimeProvider time,
    OutboxWriterOptions options) : IOutboxItemSender
{
    public string Kind => ChainOutboxKinds.Settlement;

    public int MaxBatchSize => options.MaxSettlementsPerTransaction;

    public async Task SendAsync(IReadOnlyList<OutboxItem> batch, CancellationToken ct)
    {
        var sessions = new List<(OutboxItem Item, SettlementPayload Payload, byte[] SessionId)>();
        foreach (var item in batch)
        {
            try
            {
                var payload = OutboxItemPayload.Read<SettlementPayload>(item, p => p.Validate());
                sessions.Add((item, payload, ChainIds.SessionId(payload.SessionKey)));
            }
            catch (PermanentItemException e)
            {
                await outbox.RecordFailureAsync([item.Id], e.Message, permanent: true, time.GetUtcNow(), ct);
            }
        }

        // The contract skips a session settled before with AlreadySettled: that, too, means it is on chain (a race
        // with another sender of this site's key between the view above and this transaction).
        bool LandedFor(byte[] sessionId, TransactionReceipt r) =>
            ContractEvents.InReceipt<SettledEvent>(r, settlement.Address, e => e.SessionId.AsSpan().SequenceEqual(sessionId) && e.SiteId.AsSpan().SequenceEqual(site.Id))
            || ContractEvents.InReceipt<AlreadySettledEvent>(r, settlement.Address, e => e.SessionId.AsSpan().SequenceEqual(sessionId) && e.SiteId.AsSpan().SequenceEqual(site.Id));

        var waiting = new List<(OutboxItem Item, SettlementPayload Payload, byte[] SessionId)>();
        foreach (var session in sessions)
        {
            if (await receipts.ConfirmFromEarlierSendAsync([session.Item], r => LandedFor(session.SessionId, r), ct))
            {
                continue;
            }

            if (await rpc.CallAsync(settlement.GetBillAsync(site.Id, session.SessionId), ct) is { } bill)
            {
                var p = session.Payload;
                if (!string.Equals(bill.User, p.UserAddress, StringComparison.OrdinalIgnoreCase) || bill.EnergyWh != p.EnergyWh || bill.FlexibilityWhH != p.FlexibilityWhH)
                {
                    await outbox.RecordFailureAsync([session.Item.Id],
                        $"Conflict: session {p.SessionKey} of site '{site.SiteMapId}' is already settled on chain with other values " +
                        $"(user {bill.User}, {bill.EnergyWh} Wh, {bill.FlexibilityWhH} Wh·h; ours {p.UserAddress}, {p.EnergyWh} Wh, {p.FlexibilityWhH} Wh·h): " +
                        "a restored database reusing transaction numbers? Parked, not confirmed.",
                        permanent: true, time.GetUtcNow(), ct);
                    continue;
                }

                await receipts.ConfirmFromLogAsync<SettledEvent>([session.Item], settlement.Address,
                    [site.Id.ToHex(true), session.SessionId.ToHex(true)], ct);
                continue;
            }

            waiting.Add(session);
        }

        if (waiting.Count == 0)
        {
            return;
        }

        // The contract refuses a whole batch for one session over the CPO's bounds: park that one alone instead.
        var rates = await rpc.CallAsync(settlement.GetRatesAsync(), ct);
        foreach (var refused in waiting.Where(w => !rates.Admits(w.Payload.EnergyWh, w.Payload.FlexibilityWhH)).ToList())
        {
            await outbox.RecordFailureAsync([refused.Item.Id],
                $"Session {refused.Payload.SessionKey}: {refused.Payload.EnergyWh} Wh, {refused.Payload.FlexibilityWhH} Wh·h is over the contract's bounds " +
                $"(at most {rates.MaxEnergyWhPerSession} Wh, flexibility at most energy × {rates.LaxityCapMinutes} min / 60).",
                permanent: true, time.GetUtcNow(), ct);
            waiting.Remove(refused);
        }

        if (waiting.Count == 0)
        {
            return;
        }

        var function = new SettleFunction
        {
            SiteId = site.Id,
            Sessions = waiting.Select(s => new SessionSettlementStruct
            {
                SessionId = s.SessionId,
                User = s.Payload.UserAddress,
                EnergyWh = (uint)s.Payload.EnergyWh,
                FlexibilityWhH = (uint)s.Payload.FlexibilityWhH,
            }).ToList(),
        };
        await transactions.SendAndConfirmAsync(waiting.Select(w => w.Item).ToList(), settlement.Address, function,
            r => waiting.All(w => LandedFor(w.SessionId, r)), alreadyDone: _ => null, ct);
    }
}
