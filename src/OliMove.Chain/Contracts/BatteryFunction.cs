using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace OliMove.Chain.Contracts;

/// <summary>AssetRegistry.battery (reverts UnknownAsset).</summary>
[Function("battery", typeof(BatteryOutput))]
public sealed class BatteryFunction : FunctionMessage
{
    [Parameter("bytes32", "siteId", 1)]
    public byte[] SiteId { get; set; } = [];

    [Parameter("string", "batteryId", 2)]
    public string BatteryId { get; set; } = "";
}
