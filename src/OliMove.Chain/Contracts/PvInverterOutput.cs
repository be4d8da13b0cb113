using Nethereum.ABI.FunctionEncoding.Attributes;

namespace OliMove.Chain.Contracts;

/// <summary>Return value of AssetRegistry.pvInverter.</summary>
[FunctionOutput]
public sealed class PvInverterOutput : IFunctionOutputDTO
{
    [Parameter("tuple", "", 1)]
    public PvInverterStruct Value { get; set; } = new();
}
