using Nethereum.ABI.FunctionEncoding.Attributes;

namespace OliMove.Chain.Contracts;

/// <summary>Return value of AssetRegistry.chargePoint.</summary>
[FunctionOutput]
public sealed class ChargePointOutput : IFunctionOutputDTO
{
    [Parameter("tuple", "", 1)]
    public ChargePointStruct Value { get; set; } = new();
}
