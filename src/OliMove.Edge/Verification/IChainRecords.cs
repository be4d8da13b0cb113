namespace OliMove.Edge.Verification;

/// <summary>What <see cref="SlotVerifier"/> reads from the chain; absent when verifying offline.</summary>
public interface IChainRecords
{
    /// <summary>The chain id the node answers (eth_chainId), to compare with the address file's.</summary>
    Task<long> ChainIdAsync(CancellationToken ct);

    /// <summary>Every SlotCommitted event of the AssetStatus contract, with the time of its block.</summary>
    Task<IReadOnlyList<OnChainCommitment>> SlotCommitmentsAsync(CancellationToken ct);

    /// <summary>The AssetRegistry index of an asset id (what a packed status row carries), 0 when not registered.</summary>
    Task<uint> AssetIndexAsync(string assetId, CancellationToken ct);

    /// <summary>The registry's number for a (code, parameters) pair, 0 when never published.</summary>
    Task<uint> VersionForAsync(string codeHash, string parametersHash, CancellationToken ct);

    /// <summary>The registry's AlgorithmPublished entry for a version, or null when it was never published.</summary>
    Task<PublishedAlgorithm?> AlgorithmAsync(uint version, CancellationToken ct);
}
