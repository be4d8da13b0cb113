using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace OliMove.Chain.Contracts;

/// <summary>AssetRegistry.upsertPvInverter.</summary>
[Function("upsertPvInverter")]
public sealed class UpsertPvInverterFunction : FunctionMessage
{
    [Parameter("bytes32", "siteId", 1)]
    public byte[] SiteId { get; set; } = [];

    [Parameter("tuple", "pv", 2)]
    public PvInverterStruct Pv { get; set; } = new();
}
