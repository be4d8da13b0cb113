using Nethereum.Hex.HexConvertors.Extensions;
using Nethereum.RPC.Eth.DTOs;
using OliMove.Chain.Clients;
using OliMove.Chain.Contracts;
using OliMove.Storage;

namespace OliMove.Chain;

/// <summary>
/// Consecutive settlements in one ChargingSettlement.settle transaction. A settlement whose payload is bad fails
/// alone; the others of the batch still go.
/// </summary>
internal sealed class SettlementSender(
    ChargingSettlementClient settlement,
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

        // The contract skips a session settled before with AlreadySettled: that, too, means it is on chain.
        bool LandedFor(byte[] sessionId, TransactionReceipt r) =>
            ContractEvents.InReceipt<SettledEvent>(r, settlement.Address, e => e.SessionId.AsSpan().SequenceEqual(sessionId))
            || ContractEvents.InReceipt<AlreadySettledEvent>(r, settlement.Address, e => e.SessionId.AsSpan().SequenceEqual(sessionId));

        var waiting = new List<(OutboxItem Item, SettlementPayload Payload, byte[] SessionId)>();
        foreach (var session in sessions)
        {
            if (await receipts.ConfirmFromEarlierSendAsync([session.Item], r => LandedFor(session.SessionId, r), ct))
            {
                continue;
            }

            if (await rpc.CallAsync(settlement.IsSettledAsync(session.SessionId), ct))
            {
                await receipts.ConfirmFromLogAsync<SettledEvent>([session.Item], settlement.Address, session.SessionId.ToHex(true), ct);
                continue;
            }

            waiting.Add(session);
        }

        if (waiting.Count == 0)
        {
            return;
        }

        var function = new SettleFunction
        {
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
