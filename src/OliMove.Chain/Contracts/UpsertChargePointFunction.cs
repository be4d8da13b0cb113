using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace OliMove.Chain.Contracts;

/// <summary>AssetRegistry.upsertChargePoint.</summary>
[Function("upsertChargePoint")]
public sealed class UpsertChargePointFunction : FunctionMessage
{
    [Parameter("bytes32", "siteId", 1)]
    public byte[] SiteId { get; set; } = [];

    [Parameter("tuple", "cp", 2)]
    public ChargePointStruct Cp { get; set; } = new();
}
