using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace OliMove.Chain.Contracts;

/// <summary>AssetRegistry.upsertBattery.</summary>
[Function("upsertBattery")]
public sealed class UpsertBatteryFunction : FunctionMessage
{
    [Parameter("tuple", "b", 1)]
    public BatteryStruct B { get; set; } = new();
}
