using Nethereum.Contracts;
using Nethereum.Hex.HexTypes;
using Nethereum.RPC.Eth.DTOs;
using OliMove.Chain.Clients;
using OliMove.Chain.Contracts;
using OliMove.Storage;

namespace OliMove.Chain;

/// <summary>
/// One ChargingSettlement.allocate transaction of the site's settlement bitmap words, as an outbox item like any other
/// (decision 0366): its nonce, receipt, confirmation depth, reorg re-send, stuck replacement and parking are the
/// writer's. Idempotent: the contract leaves an allocated word as it is and still raises SessionsAllocated, and words
/// already covered by one earlier allocation of this site count as done without a transaction.
/// </summary>
internal sealed class SettlementAllocationSender(
    ChargingSettlementClient settlement,
    ChainSite site,
    long deployedAtBlock,
    ChainConnection chain,
    ChainRpc rpc,
    ReceiptReconciler receipts,
    ContractTransactionSender transactions) : IOutboxItemSender
{
    public string Kind => ChainOutboxKinds.SettlementAllocation;

    public int MaxBatchSize => 1;

    public async Task SendAsync(IReadOnlyList<OutboxItem> batch, CancellationToken ct)
    {
        var item = batch[0];
        var allocation = OutboxItemPayload.Read<SettlementAllocationPayload>(item, p => p.Validate());
        bool Landed(TransactionReceipt r) => ContractEvents.InReceipt<SessionsAllocatedEvent>(
            r, settlement.Address, e => e.SiteId.AsSpan().SequenceEqual(site.Id) && e.ThroughNumber >= allocation.ThroughNumber);

        if (await receipts.ConfirmFromEarlierSendAsync([item], Landed, ct))
        {
            return;
        }

        if (await rpc.CallAsync(settlement.AllocatedThroughAsync(site.Id), ct) >= allocation.ThroughNumber
            && await CoveringAllocationAsync(allocation, ct) is { } earlier)
        {
            // E.g. a resend after a crash between the send and its bookkeeping: no second transaction.
            await receipts.ConfirmAsync([item.Id], earlier.TransactionHash, (long)earlier.BlockNumber.Value, ct);
            return;
        }

        var function = new AllocateFunction { SiteId = site.Id, FromNumber = allocation.FromNumber, Words = allocation.Words };
        await transactions.SendAndConfirmAsync([item], settlement.Address, function, Landed, alreadyDone: _ => null, ct);
    }

    /// <summary>The log of an earlier allocation of this site that covers all of this one's words, or null.</summary>
    private async Task<FilterLog?> CoveringAllocationAsync(SettlementAllocationPayload allocation, CancellationToken ct)
    {
        var filter = new NewFilterInput
        {
            Address = [settlement.Address],
            FromBlock = new BlockParameter(new HexBigInteger(deployedAtBlock)),
            ToBlock = BlockParameter.CreateLatest(),
            Topics = [(object)("0x" + ABITypedRegistry.GetEvent<SessionsAllocatedEvent>().Sha3Signature), "0x" + Convert.ToHexStringLower(site.Id)],
        };
        var logs = await rpc.CallAsync(chain.Web3.Eth.Filters.GetLogs.SendRequestAsync(filter), ct);
        var first = allocation.FirstWord * ChainIds.SessionsPerWord;
        return logs.DecodeAllEvents<SessionsAllocatedEvent>()
            .FirstOrDefault(l => l.Event.FromNumber <= first && l.Event.ThroughNumber >= allocation.ThroughNumber)?.Log;
    }
}
