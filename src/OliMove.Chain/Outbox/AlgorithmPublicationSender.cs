using Nethereum.RPC.Eth.DTOs;
using OliMove.Chain.Clients;
using OliMove.Chain.Contracts;
using OliMove.Storage;

namespace OliMove.Chain;

/// <summary>
/// One allocator version's code and parameter hashes, in one AlgorithmRegistry.publish transaction. Done only
/// when the registry holds exactly this pair under exactly this number: the pair under another number, or the
/// number taken by another pair, is a permanent error (parked with an alert), never a success, because slot
/// records naming the number would then point at other code.
/// </summary>
internal sealed class AlgorithmPublicationSender(
    AlgorithmRegistryClient algorithms,
    ChainRpc rpc,
    ReceiptReconciler receipts,
    ContractTransactionSender transactions) : IOutboxItemSender
{
    public string Kind => ChainOutboxKinds.AlgorithmPublication;

    public int MaxBatchSize => 1;

    public async Task SendAsync(IReadOnlyList<OutboxItem> batch, CancellationToken ct)
    {
        var item = batch[0];
        var algorithm = OutboxItemPayload.Read<AlgorithmPublicationPayload>(item, p => p.Validate());
        bool Landed(TransactionReceipt r) =>
            ContractEvents.InReceipt<AlgorithmPublishedEvent>(r, algorithms.Address, e => e.Version == algorithm.Version);
        if (await receipts.ConfirmFromEarlierSendAsync([item], Landed, ct))
        {
            return;
        }

        var codeHash = PayloadRange.Hash32(algorithm.CodeHash, "CodeHash");
        var parametersHash = PayloadRange.Hash32(algorithm.ParametersHash, "ParametersHash");
        var published = await rpc.CallAsync(algorithms.VersionForAsync(codeHash, parametersHash), ct);
        if (published == algorithm.Version)
        {
            await receipts.ConfirmFromLogAsync<AlgorithmPublishedEvent>([item], algorithms.Address, ContractEvents.Topic(algorithm.Version), ct);
            return;
        }

        if (published != 0)
        {
            throw new PermanentItemException($"This allocator build (code {algorithm.CodeHash}, parameters {algorithm.ParametersHash}) is published as version {published}, not {algorithm.Version}: slots naming {algorithm.Version} would not verify.");
        }

        if (await rpc.CallAsync(algorithms.IsPublishedAsync(algorithm.Version), ct))
        {
            throw new PermanentItemException($"Algorithm version {algorithm.Version} is published for another build; this build (code {algorithm.CodeHash}, parameters {algorithm.ParametersHash}) needs a new number.");
        }

        var function = new PublishAlgorithmFunction
        {
            Version = algorithm.Version,
            CodeHash = codeHash,
            ParametersHash = parametersHash,
            Description = algorithm.Description ?? "",
        };
        // A race with another site publishing the same number or pair reverts, and the revert is permanent (above).
        await transactions.SendAndConfirmAsync([item], algorithms.Address, function, Landed, alreadyDone: _ => null, ct);
    }
}
