using System.Numerics;
using Nethereum.RPC.Eth.DTOs;
using OliMove.Chain.Clients;
using OliMove.Chain.Contracts;
using OliMove.Storage;

namespace OliMove.Chain;

/// <summary>
/// One slot's status rows, in one AssetStatus.recordSlot transaction under the site's id. A slot the chain already
/// holds counts as sent only when its stored commitment equals this item's (same site, same content); any other
/// record there (a restored database, a second box with this site's key) parks the item as a conflict.
/// </summary>
internal sealed class SlotStatusSender(
    AssetStatusClient status,
    ChainSite site,
    AssetIndexCache assetIndices,
    ChainRpc rpc,
    ReceiptReconciler receipts,
    ContractTransactionSender transactions) : IOutboxItemSender
{
    public string Kind => ChainOutboxKinds.SlotStatus;

    public int MaxBatchSize => 1;

    public async Task SendAsync(IReadOnlyList<OutboxItem> batch, CancellationToken ct)
    {
        var item = batch[0];
        var slot = OutboxItemPayload.Read<SlotStatusPayload>(item, p => p.Validate());
        bool Landed(TransactionReceipt r) => ContractEvents.InReceipt<SlotCommittedEvent>(
            r, status.Address, e => e.SlotId == slot.SlotId && e.SiteId.AsSpan().SequenceEqual(site.Id));

        if (await receipts.ConfirmFromEarlierSendAsync([item], Landed, ct))
        {
            return;
        }

        var rows = new List<BigInteger>(slot.Rows.Count);
        foreach (var row in slot.Rows)
        {
            var index = await assetIndices.IndexOfAsync(row.AssetId, ct);
            rows.Add(new PackedStatusRow(index, row.Status, row.SetpointW, row.MeasuredW,
                (uint)row.UserEnergyLeftWh, (uint)row.UserTimeLeftS).ToWord());
        }

        var function = new RecordSlotFunction
        {
            SiteId = site.Id,
            SlotId = slot.SlotId,
            AlgorithmVersion = slot.AlgorithmVersion,
            InputHash = PayloadRange.Hash32(slot.InputHash, "InputHash"),
            OutputHash = PayloadRange.Hash32(slot.OutputHash, "OutputHash"),
            Rows = rows,
        };
        var ours = ChainIds.CommitmentHash(site.Id, slot.SlotId, slot.AlgorithmVersion, function.InputHash, function.OutputHash,
            ChainIds.RowsHash(rows), (uint)rows.Count);

        async Task ConfirmIfOursAsync()
        {
            var onChain = await rpc.CallAsync(status.SlotCommitmentAsync(site.Id, slot.SlotId), ct);
            if (!onChain.AsSpan().SequenceEqual(ours))
            {
                throw new PermanentItemException(
                    $"Conflict: slot {slot.SlotId} of site '{site.SiteMapId}' is already on chain with other content " +
                    $"(commitment 0x{Convert.ToHexStringLower(onChain)}, ours 0x{Convert.ToHexStringLower(ours)}): a restored database " +
                    "or a second box writing with this site's key. Parked, not confirmed.");
            }

            await receipts.ConfirmFromLogAsync<SlotCommittedEvent>([item], status.Address,
                ["0x" + Convert.ToHexStringLower(site.Id), ContractEvents.Topic(slot.SlotId)], ct);
        }

        // An item never sent skips the view: a slot already there reverts the send with SlotAlreadyRecorded, which is
        // handled below as the view would be (one RPC less per slot; docs/bench/chain-writer.md).
        if (item.TxHash is not null && await rpc.CallAsync(status.IsSlotRecordedAsync(site.Id, slot.SlotId), ct))
        {
            await ConfirmIfOursAsync();
            return;
        }

        await transactions.SendAndConfirmAsync([item], status.Address, function, Landed,
            alreadyDone: e => e.IsCustomErrorFor<SlotAlreadyRecordedError>() ? ConfirmIfOursAsync() : null,
            ct);
    }
}
