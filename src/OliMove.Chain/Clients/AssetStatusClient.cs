using System.Numerics;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.Web3;
using OliMove.Chain.Contracts;

namespace OliMove.Chain.Clients;

/// <summary>Typed client of SC2 AssetStatus.</summary>
public sealed class AssetStatusClient(IWeb3 web3, string address) : AccessControlledClient(web3, address)
{
    public Task<TransactionReceipt> RecordSlotAsync(RecordSlotFunction slot, CancellationToken ct = default) =>
        SendAsync(slot, ct);

    public Task<TransactionReceipt> RecordSlotAsync(
        ulong slotId,
        uint algorithmVersion,
        byte[] inputHash,
        byte[] outputHash,
        IEnumerable<PackedStatusRow> rows,
        CancellationToken ct = default) =>
        SendAsync(new RecordSlotFunction
        {
            SlotId = slotId,
            AlgorithmVersion = algorithmVersion,
            InputHash = inputHash,
            OutputHash = outputHash,
            Rows = rows.Select(r => r.ToWord()).ToList(),
        }, ct);

    public Task<bool> IsSlotRecordedAsync(ulong slotId) =>
        QueryAsync<IsSlotRecordedFunction, bool>(new IsSlotRecordedFunction { SlotId = slotId });

    /// <summary>The status rows recorded for a slot, read back from the StatusRow events.</summary>
    public async Task<IReadOnlyList<PackedStatusRow>> GetStatusRowsAsync(ulong slotId, BigInteger? fromBlock = null)
    {
        var handler = Web3.Eth.GetEvent<StatusRowEvent>(Address);
        var filter = handler.CreateFilterInput(
            slotId, From(fromBlock), BlockParameter.CreateLatest());
        var logs = await handler.GetAllChangesAsync(filter);
        return logs.Select(l => PackedStatusRow.FromWord(l.Event.Row)).ToList();
    }

    /// <summary>Every SlotCommitted event for a slot id (more than one would be a duplicate write).</summary>
    public async Task<IReadOnlyList<SlotCommittedEvent>> GetSlotCommitmentsAsync(ulong slotId, BigInteger? fromBlock = null)
    {
        var handler = Web3.Eth.GetEvent<SlotCommittedEvent>(Address);
        var filter = handler.CreateFilterInput(slotId, From(fromBlock), BlockParameter.CreateLatest());
        var logs = await handler.GetAllChangesAsync(filter);
        return logs.Select(l => l.Event).ToList();
    }

    /// <summary>All SlotCommitted events in block order: the order in which slots landed.</summary>
    public async Task<IReadOnlyList<SlotCommittedEvent>> GetAllSlotCommitmentsAsync(BigInteger? fromBlock = null)
    {
        var handler = Web3.Eth.GetEvent<SlotCommittedEvent>(Address);
        var filter = handler.CreateFilterInput(From(fromBlock), BlockParameter.CreateLatest());
        var logs = await handler.GetAllChangesAsync(filter);
        return logs.Select(l => l.Event).ToList();
    }

    private static BlockParameter From(BigInteger? block) =>
        block is { } b ? new BlockParameter(new Nethereum.Hex.HexTypes.HexBigInteger(b)) : BlockParameter.CreateEarliest();
}
