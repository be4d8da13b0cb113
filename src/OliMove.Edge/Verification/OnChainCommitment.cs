namespace OliMove.Edge.Verification;

/// <summary>A slot's SlotCommitted event as read from AssetStatus (SC2); hashes as lower-case hex.</summary>
public sealed record OnChainCommitment(ulong SlotId, uint AlgorithmVersion, string InputHash, string OutputHash);
