using Nethereum.ABI.FunctionEncoding.Attributes;

namespace OliMove.Chain.Contracts;

/// <summary>Return value of AssetRegistry.battery.</summary>
[FunctionOutput]
public sealed class BatteryOutput : IFunctionOutputDTO
{
    [Parameter("tuple", "", 1)]
    public BatteryStruct Value { get; set; } = new();
}
