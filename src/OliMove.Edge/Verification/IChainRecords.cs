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

    /// <summary>Every Settled event of the site in ChargingSettlement, with its block and the block's time.</summary>
    Task<IReadOnlyList<OnChainSettlement>> SettlementsAsync(CancellationToken ct);

    /// <summary>ChargingSettlement's rates as they were in a block (the ones a settlement in that block used).</summary>
    Task<OliMove.Chain.SettlementRates> RatesAtAsync(ulong block, CancellationToken ct);

    /// <summary>The timestamp of the latest block: the chain's "now", against which a settlement is overdue.</summary>
    Task<DateTimeOffset> LatestBlockTimeAsync(CancellationToken ct);

    /// <summary>The registry's AlgorithmPublished entry for a version, or null when it was never published.</summary>
    Task<PublishedAlgorithm?> AlgorithmAsync(uint version, CancellationToken ct);
}
