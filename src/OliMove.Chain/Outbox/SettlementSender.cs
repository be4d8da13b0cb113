using System.Globalization;
using Microsoft.Extensions.Logging;
using Nethereum.Hex.HexConvertors.Extensions;
using Nethereum.RPC.Eth.DTOs;
using OliMove.Chain.Clients;
using OliMove.Chain.Contracts;
using OliMove.Storage;

namespace OliMove.Chain;

/// <summary>
/// Consecutive settlements in one ChargingSettlement.settle transaction under the site's id; on chain a session is
/// (site id, transaction number) in a per-site bitmap (decision 0340). A settlement whose payload is bad, or outside
/// the CPO's per-session bounds, fails alone; the others of the batch still go. A session the chain already holds
/// counts as sent only when its Settled event (the only record of its details) carries this item's user, energy and
/// flexibility; another settlement under the same number (a restored database reusing tx numbers) parks it as a
/// conflict. Before a batch that reaches the last allocated bitmap word it queues the allocation of the next words
/// (an outbox item the writer sends first, decision 0366), so each settlement rewrites a non-zero word (~5,000 gas
/// instead of ~22,100).
/// </summary>
internal sealed class SettlementSender(
    ChargingSettlementClient settlement,
    ChainSite site,
    long deployedAtBlock,
    ChainOutboxRepository outbox,
    ChainRpc rpc,
    ReceiptReconciler receipts,
    ContractTransactionSender transactions,
    TimeProvider time,
    OutboxWriterOptions options,
    ILogger logger) : IOutboxItemSender
{
    public string Kind => ChainOutboxKinds.Settlement;

    public int MaxBatchSize => options.MaxSettlementsPerTransaction;

    public async Task SendAsync(IReadOnlyList<OutboxItem> batch, CancellationToken ct)
    {
        var sessions = new List<(OutboxItem Item, SettlementPayload Payload, ulong Number)>();
        foreach (var item in batch)
        {
            try
            {
                var payload = OutboxItemPayload.Read<SettlementPayload>(item, p => p.Validate());
                sessions.Add((item, payload, ChainIds.SessionNumber(payload.SessionKey)));
            }
            catch (PermanentItemException e)
            {
                await outbox.RecordFailureAsync([item.Id], e.Message, permanent: true, time.GetUtcNow(), ct);
            }
        }

        // The contract skips a session settled before with AlreadySettled: that, too, means it is on chain (a race
        // with another sender of this site's key between the view above and this transaction).
        bool LandedFor(ulong number, TransactionReceipt r) =>
            ContractEvents.InReceipt<SettledEvent>(r, settlement.Address, e => e.SessionNumber == number && e.SiteId.AsSpan().SequenceEqual(site.Id))
            || ContractEvents.InReceipt<AlreadySettledEvent>(r, settlement.Address, e => e.SessionNumber == number && e.SiteId.AsSpan().SequenceEqual(site.Id));

        var waiting = new List<(OutboxItem Item, SettlementPayload Payload, ulong Number)>();
        foreach (var session in sessions)
        {
            if (await receipts.ConfirmFromEarlierSendAsync([session.Item], r => LandedFor(session.Number, r), ct))
            {
                continue;
            }

            if (await rpc.CallAsync(settlement.GetSettlementAsync(site.Id, session.Number, deployedAtBlock), ct) is { } settled)
            {
                var p = session.Payload;
                if (!string.Equals(settled.User, p.UserAddress, StringComparison.OrdinalIgnoreCase) || settled.EnergyWh != p.EnergyWh || settled.FlexibilityWhH != p.FlexibilityWhH)
                {
                    await outbox.RecordFailureAsync([session.Item.Id],
                        $"Conflict: session {p.SessionKey} of site '{site.SiteMapId}' is already settled on chain with other values " +
                        $"(user {settled.User}, {settled.EnergyWh} Wh, {settled.FlexibilityWhH} Wh·h; ours {p.UserAddress}, {p.EnergyWh} Wh, {p.FlexibilityWhH} Wh·h): " +
                        "a restored database reusing transaction numbers? Parked, not confirmed.",
                        permanent: true, time.GetUtcNow(), ct);
                    continue;
                }

                await receipts.ConfirmFromLogAsync<SettledEvent>([session.Item], settlement.Address,
                    [site.Id.ToHex(true), "0x" + session.Number.ToString("x64", CultureInfo.InvariantCulture)], ct);
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

        if (await WaitsForAllocationAsync(waiting.Min(w => w.Number), waiting.Max(w => w.Number), ct))
        {
            // Left pending, untouched: the writer sends the allocation next (it goes before settlements), then these.
            return;
        }

        var function = new SettleFunction
        {
            SiteId = site.Id,
            Sessions = waiting.Select(s => new SessionSettlementStruct
            {
                SessionNumber = s.Number,
                User = s.Payload.UserAddress,
                EnergyWh = (uint)s.Payload.EnergyWh,
                FlexibilityWhH = (uint)s.Payload.FlexibilityWhH,
            }).ToList(),
        };
        await transactions.SendAndConfirmAsync(waiting.Select(w => w.Item).ToList(), settlement.Address, function,
            r => waiting.All(w => LandedFor(w.Number, r)), alreadyDone: _ => null, ct);
    }

    /// <summary>
    /// When the batch reaches into the last allocated bitmap word (or beyond it), queues the allocation of the next
    /// <see cref="OutboxWriterOptions.SettlementWordsPerAllocation"/> words as an outbox item of its own (decision 0366)
    /// and returns true while that item still has to be sent: the writer sends it first, then this batch again, so each
    /// settlement rewrites a non-zero word (~5,000 gas instead of ~22,100). Only gas is at stake: when the allocation
    /// is parked, or mined and awaiting its depth, the batch goes on.
    /// </summary>
    private async Task<bool> WaitsForAllocationAsync(ulong lowest, ulong highest, CancellationToken ct)
    {
        if (options.SettlementWordsPerAllocation <= 0)
        {
            return false;
        }

        var through = await rpc.CallAsync(settlement.AllocatedThroughAsync(site.Id), ct);
        if (highest + ChainIds.SessionsPerWord <= through)
        {
            return false;
        }

        var entry = ChainOutboxEntry.ForSettlementAllocation(new SettlementAllocationPayload(Math.Max(through + 1, lowest), options.SettlementWordsPerAllocation));
        if (await outbox.EnqueueAsync(entry.Kind, entry.Key, entry.PayloadJson, time.GetUtcNow(), ct))
        {
            logger.LogInformation("Settlement bitmap of site {Site}: allocation queued ({Key}) before the settlements of sessions {Lowest}–{Highest}",
                site.SiteMapId, entry.Key, lowest, highest);
        }

        var allocation = (await outbox.GetByKeysAsync([entry.Key], ct)).Single();
        return allocation.State is OutboxItemState.Pending or OutboxItemState.Sent && !receipts.AwaitingDepth.Contains(allocation.Id);
    }
}
