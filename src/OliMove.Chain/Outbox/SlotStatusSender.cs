using System.Numerics;
using Nethereum.RPC.Eth.DTOs;
using OliMove.Chain.Clients;
using OliMove.Chain.Contracts;
using OliMove.Storage;

namespace OliMove.Chain;

/// <summary>One slot's status rows, in one AssetStatus.recordSlot transaction.</summary>
internal sealed class SlotStatusSender(
    AssetStatusClient status,
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
        bool Landed(TransactionReceipt r) => ContractEvents.InReceipt<SlotCommittedEvent>(r, status.Address, e => e.SlotId == slot.SlotId);

        if (await receipts.ConfirmFromEarlierSendAsync([item], Landed, ct))
        {
            return;
        }

        if (await rpc.CallAsync(status.IsSlotRecordedAsync(slot.SlotId), ct))
        {
            await receipts.ConfirmFromLogAsync<SlotCommittedEvent>([item], status.Address, ContractEvents.Topic(slot.SlotId), ct);
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
            SlotId = slot.SlotId,
            AlgorithmVersion = slot.AlgorithmVersion,
            InputHash = PayloadRange.Hash32(slot.InputHash, "InputHash"),
            OutputHash = PayloadRange.Hash32(slot.OutputHash, "OutputHash"),
            Rows = rows,
        };
        await transactions.SendAndConfirmAsync([item], status.Address, function, Landed,
            alreadyDone: e => e.IsCustomErrorFor<SlotAlreadyRecordedError>()
                ? receipts.ConfirmFromLogAsync<SlotCommittedEvent>([item], status.Address, ContractEvents.Topic(slot.SlotId), ct)
                : null,
            ct);
    }
}
