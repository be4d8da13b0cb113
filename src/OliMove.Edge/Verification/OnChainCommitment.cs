namespace OliMove.Edge.Verification;

/// <summary>A slot's SlotCommitted event as read from AssetStatus (SC2); hashes as lower-case hex.</summary>
/// <param name="RowsHash">keccak256 of the packed status rows (AssetStatus.sol), lower-case hex.</param>
/// <param name="CommittedAt">The timestamp of the block the event is in: when the record became public.</param>
public sealed record OnChainCommitment(ulong SlotId, uint AlgorithmVersion, string InputHash, string OutputHash, string RowsHash, uint RowCount, DateTimeOffset CommittedAt);
