using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace OliMove.Chain.Contracts;

/// <summary>AssetRegistry.upsertChargePoint.</summary>
[Function("upsertChargePoint")]
public sealed class UpsertChargePointFunction : FunctionMessage
{
    [Parameter("tuple", "cp", 1)]
    public ChargePointStruct Cp { get; set; } = new();
}
