namespace OliMove.Edge.Verification;

/// <summary>What <see cref="SlotVerifier"/> reads from the chain; absent when verifying offline.</summary>
public interface IChainRecords
{
    /// <summary>Every SlotCommitted event for the slot (one when all is well, none when the slot never landed).</summary>
    Task<IReadOnlyList<OnChainCommitment>> SlotCommitmentsAsync(ulong slotId, CancellationToken ct);

    /// <summary>The registry's AlgorithmPublished entry for a version, or null when it was never published.</summary>
    Task<PublishedAlgorithm?> AlgorithmAsync(uint version, CancellationToken ct);
}
