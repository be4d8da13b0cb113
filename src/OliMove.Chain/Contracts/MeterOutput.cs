using Nethereum.ABI.FunctionEncoding.Attributes;

namespace OliMove.Chain.Contracts;

/// <summary>Return value of AssetRegistry.meter.</summary>
[FunctionOutput]
public sealed class MeterOutput : IFunctionOutputDTO
{
    [Parameter("tuple", "", 1)]
    public MeterStruct Value { get; set; } = new();
}
