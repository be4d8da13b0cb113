using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace OliMove.Chain.Contracts;

/// <summary>AssetRegistry.upsertBattery.</summary>
[Function("upsertBattery")]
public sealed class UpsertBatteryFunction : FunctionMessage
{
    [Parameter("bytes32", "siteId", 1)]
    public byte[] SiteId { get; set; } = [];

    [Parameter("tuple", "b", 2)]
    public BatteryStruct B { get; set; } = new();
}
