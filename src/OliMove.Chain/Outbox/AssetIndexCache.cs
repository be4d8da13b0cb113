using OliMove.Chain.Clients;

namespace OliMove.Chain;

/// <summary>
/// The on-chain index of each asset id, which the packed status rows carry instead of the id. Cached because it
/// never changes for a deployment; forgotten when the writer (re)connects, since that may be a redeployment.
/// </summary>
internal sealed class AssetIndexCache(AssetRegistryClient registry, byte[] siteId, ChainRpc rpc)
{
    private readonly Dictionary<string, uint> _indices = new(StringComparer.Ordinal);

    public async Task<uint> IndexOfAsync(string assetId, CancellationToken ct)
    {
        if (_indices.TryGetValue(assetId, out var cached))
        {
            return cached;
        }

        var index = await rpc.CallAsync(registry.IndexOfAsync(siteId, assetId), ct);
        if (index == 0)
        {
            throw new PermanentItemException($"Asset '{assetId}' is not registered on chain for this site; register the site's assets first.");
        }

        _indices[assetId] = index;
        return index;
    }

    public void Remember(string assetId, uint index) => _indices[assetId] = index;

    public void Clear() => _indices.Clear();
}
