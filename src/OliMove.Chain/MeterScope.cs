namespace OliMove.Chain;

/// <summary>What a meter measures, as AssetRegistry.MeterScope records it (same numbers).</summary>
public enum MeterScope : byte
{
    None = 0,
    GridConnection = 1,
    Circuit = 2,
    OtherLoad = 3,
}
