namespace OliMove.Chain;

/// <summary>What a registration run did: each asset's on-chain index, and how many records it wrote.</summary>
public sealed record AssetRegistrationResult(
    IReadOnlyDictionary<string, uint> Indices,
    int Written,
    int Unchanged,
    string? LastTxHash,
    long? LastBlock);
