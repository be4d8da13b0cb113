namespace OliMove.Chain.Fleet;

/// <summary>
/// A site's newest slot commitment on chain (highest slot id), the "last verification" of the fleet view: the
/// last slot an auditor holding the site's archive can check with <c>verify</c>, with the two checks the chain
/// alone allows. <see cref="CommitmentMatches"/>: the SlotCommitted event's fields recompute
/// (<see cref="ChainIds.CommitmentHash"/>) to the commitment AssetStatus stores for the slot.
/// <see cref="AlgorithmPublished"/>: the version it names is in the AlgorithmRegistry. Replaying the plans needs
/// the archive, which the chain does not hold.
/// </summary>
public sealed record FleetLastCommitment(
    FleetSlot Slot,
    uint AlgorithmVersion,
    long BlockNumber,
    DateTimeOffset BlockTime,
    bool CommitmentMatches,
    bool AlgorithmPublished);
