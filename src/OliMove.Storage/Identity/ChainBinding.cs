namespace OliMove.Storage;

/// <summary>The chain a database writes to: its id and the five contract addresses (compared case-insensitively).</summary>
public sealed record ChainBinding(
    long ChainId,
    string AssetRegistry,
    string AlgorithmRegistry,
    string AssetStatus,
    string ChargingSettlement,
    string FlexToken)
{
    public bool SameAs(ChainBinding other) =>
        ChainId == other.ChainId
        && Same(AssetRegistry, other.AssetRegistry) && Same(AlgorithmRegistry, other.AlgorithmRegistry)
        && Same(AssetStatus, other.AssetStatus) && Same(ChargingSettlement, other.ChargingSettlement)
        && Same(FlexToken, other.FlexToken);

    public override string ToString() =>
        $"chain {ChainId} (AssetRegistry {AssetRegistry}, AlgorithmRegistry {AlgorithmRegistry}, AssetStatus {AssetStatus}, ChargingSettlement {ChargingSettlement}, FlexToken {FlexToken})";

    private static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
