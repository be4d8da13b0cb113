using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace OliMove.Chain.Contracts;

/// <summary>AssetRegistry.battery (reverts UnknownAsset).</summary>
[Function("battery", typeof(BatteryOutput))]
public sealed class BatteryFunction : FunctionMessage
{
    [Parameter("string", "batteryId", 1)]
    public string BatteryId { get; set; } = "";
}
