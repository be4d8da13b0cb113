namespace OliMove.Chain;

/// <summary>What a registration run did: each asset's on-chain index, and how many records it wrote.</summary>
public sealed record AssetRegistrationResult(
    IReadOnlyDictionary<string, uint> Indices,
    int Written,
    int Unchanged,
    string? LastTxHash,
    long? LastBlock)
{
    /// <summary>The ids this run retired: registered for the site before, absent from its assets now.</summary>
    public IReadOnlyList<string> Retired { get; init; } = [];
}
