using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace OliMove.Chain.Contracts;

/// <summary>AssetRegistry.chargePoint (reverts UnknownAsset).</summary>
[Function("chargePoint", typeof(ChargePointOutput))]
public sealed class ChargePointFunction : FunctionMessage
{
    [Parameter("string", "cpId", 1)]
    public string CpId { get; set; } = "";
}
