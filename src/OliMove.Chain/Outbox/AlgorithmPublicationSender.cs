using Nethereum.RPC.Eth.DTOs;
using OliMove.Chain.Clients;
using OliMove.Chain.Contracts;
using OliMove.Storage;

namespace OliMove.Chain;

/// <summary>One allocator version's code and parameter hashes, in one AlgorithmRegistry.publish transaction.</summary>
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

        if (await rpc.CallAsync(algorithms.IsPublishedAsync(algorithm.Version), ct))
        {
            await receipts.ConfirmFromLogAsync<AlgorithmPublishedEvent>([item], algorithms.Address, ContractEvents.Topic(algorithm.Version), ct);
            return;
        }

        var function = new PublishAlgorithmFunction
        {
            Version = algorithm.Version,
            CodeHash = PayloadRange.Hash32(algorithm.CodeHash, "CodeHash"),
            ParametersHash = PayloadRange.Hash32(algorithm.ParametersHash, "ParametersHash"),
            Description = algorithm.Description ?? "",
        };
        await transactions.SendAndConfirmAsync([item], algorithms.Address, function, Landed,
            alreadyDone: e => e.IsCustomErrorFor<VersionAlreadyPublishedError>()
                ? receipts.ConfirmFromLogAsync<AlgorithmPublishedEvent>([item], algorithms.Address, ContractEvents.Topic(algorithm.Version), ct)
                : null,
            ct);
    }
}
