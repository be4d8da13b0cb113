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
        byte[] siteId,
        ulong slotId,
        uint algorithmVersion,
        byte[] inputHash,
        byte[] outputHash,
        IEnumerable<PackedStatusRow> rows,
        CancellationToken ct = default) =>
        SendAsync(new RecordSlotFunction
        {
            SiteId = siteId,
            SlotId = slotId,
            AlgorithmVersion = algorithmVersion,
            InputHash = inputHash,
            OutputHash = outputHash,
            Rows = rows.Select(r => r.ToWord()).ToList(),
        }, ct);

    public Task<bool> IsSlotRecordedAsync(byte[] siteId, ulong slotId) =>
        QueryAsync<IsSlotRecordedFunction, bool>(new IsSlotRecordedFunction { SiteId = siteId, SlotId = slotId });

    /// <summary>The stored commitment hash of the site's slot (32 zero bytes when not recorded); see <see cref="ChainIds.CommitmentHash"/>.</summary>
    public Task<byte[]> SlotCommitmentAsync(byte[] siteId, ulong slotId) =>
        QueryAsync<SlotCommitmentFunction, byte[]>(new SlotCommitmentFunction { SiteId = siteId, SlotId = slotId });

    /// <summary>The status rows a site recorded for a slot, read back from the StatusRow events (topic: <see cref="ChainIds.SlotKey"/>).</summary>
    public async Task<IReadOnlyList<PackedStatusRow>> GetStatusRowsAsync(byte[] siteId, ulong slotId, BigInteger? fromBlock = null) =>
        (await GetEventsAsync<StatusRowEvent>(fromBlock, Topic(ChainIds.SlotKey(siteId, slotId))))
            .Select(e => PackedStatusRow.FromWord(e.Row)).ToList();

    /// <summary>Every SlotCommitted event of a site's slot (more than one would be a duplicate write).</summary>
    public Task<IReadOnlyList<SlotCommittedEvent>> GetSlotCommitmentsAsync(byte[] siteId, ulong slotId, BigInteger? fromBlock = null) =>
        GetEventsAsync<SlotCommittedEvent>(fromBlock, Topic(siteId), Topic(slotId));

    /// <summary>A site's SlotCommitted events in block order: the order in which its slots landed.</summary>
    public Task<IReadOnlyList<SlotCommittedEvent>> GetAllSlotCommitmentsAsync(byte[] siteId, BigInteger? fromBlock = null) =>
        GetEventsAsync<SlotCommittedEvent>(fromBlock, Topic(siteId));
}
