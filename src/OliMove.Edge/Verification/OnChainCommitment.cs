namespace OliMove.Edge.Verification;

/// <summary>A slot's SlotCommitted event as read from AssetStatus (SC2); hashes as lower-case hex.</summary>
/// <param name="CommittedAt">The timestamp of the block the event is in: when the record became public.</param>
public sealed record OnChainCommitment(ulong SlotId, uint AlgorithmVersion, string InputHash, string OutputHash, DateTimeOffset CommittedAt);
