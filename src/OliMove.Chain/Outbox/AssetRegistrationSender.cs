using Nethereum.Contracts;
using OliMove.Chain.Clients;
using OliMove.Storage;

namespace OliMove.Chain;

/// <summary>
/// The site's assets, upserted into the AssetRegistry (several transactions, by <see cref="AssetRegistrar"/>).
/// Learns each asset's index on the way, for the status rows that follow.
/// </summary>
internal sealed class AssetRegistrationSender(
    AssetRegistryClient registry,
    byte[] siteId,
    ChainConnection chain,
    AssetIndexCache assetIndices,
    ChainRpc rpc,
    ReceiptReconciler receipts,
    ContractRevertDecoder reverts) : IOutboxItemSender
{
    public string Kind => ChainOutboxKinds.AssetRegistration;

    public int MaxBatchSize => 1;

    public async Task SendAsync(IReadOnlyList<OutboxItem> batch, CancellationToken ct)
    {
        var item = batch[0];
        var assets = OutboxItemPayload.Read<SiteAssets>(item, p => p.Validate());
        AssetRegistrationResult result;
        try
        {
            // Upserts compare with the chain first, so a re-run after a crash only writes what is missing.
            result = await new AssetRegistrar(registry, siteId).RegisterAsync(assets, ct);
        }
        catch (SmartContractCustomErrorRevertException e)
        {
            throw reverts.ToException(e);
        }

        foreach (var (id, index) in result.Indices)
        {
            assetIndices.Remember(id, index);
        }

        if (result.LastTxHash is { } tx && result.LastBlock is { } block)
        {
            await receipts.ConfirmAsync([item.Id], tx, block, ct);
        }
        else
        {
            // Every record already matched the chain: no transaction to name, so the marker says so.
            var current = (long)(await rpc.CallAsync(chain.Web3.Eth.Blocks.GetBlockNumber.SendRequestAsync(), ct)).Value;
            await receipts.ConfirmAsync([item.Id], ReceiptReconciler.UnchangedMarker, current, ct);
        }
    }
}
