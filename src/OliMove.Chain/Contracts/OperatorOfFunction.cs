using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace OliMove.Chain.Contracts;

/// <summary>AssetRegistry.operatorOf: the site's operator account, zero when the site is not registered.</summary>
[Function("operatorOf", "address")]
public sealed class OperatorOfFunction : FunctionMessage
{
    [Parameter("bytes32", "siteId", 1)]
    public byte[] SiteId { get; set; } = [];
}
