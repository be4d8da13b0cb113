using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace OliMove.Chain.Contracts;

/// <summary>AssetRegistry.chargePoint (reverts UnknownAsset).</summary>
[Function("chargePoint", typeof(ChargePointOutput))]
public sealed class ChargePointFunction : FunctionMessage
{
    [Parameter("bytes32", "siteId", 1)]
    public byte[] SiteId { get; set; } = [];

    [Parameter("string", "cpId", 2)]
    public string CpId { get; set; } = "";
}
