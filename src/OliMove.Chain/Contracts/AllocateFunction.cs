using System.Numerics;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace OliMove.Chain.Contracts;

/// <summary>ChargingSettlement.allocate: pre-allocates a site's settlement bitmap words (255 session numbers each).</summary>
[Function("allocate")]
public sealed class AllocateFunction : FunctionMessage
{
    [Parameter("bytes32", "siteId", 1)]
    public byte[] SiteId { get; set; } = [];

    [Parameter("uint64", "fromNumber", 2)]
    public ulong FromNumber { get; set; }

    [Parameter("uint256", "words", 3)]
    public BigInteger Words { get; set; }
}
