using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace OliMove.Chain.Contracts;

/// <summary>AssetRegistry.registerSite (admin only): binds a site id to the one operator account that writes for it.</summary>
[Function("registerSite")]
public sealed class RegisterSiteFunction : FunctionMessage
{
    [Parameter("bytes32", "siteId", 1)]
    public byte[] SiteId { get; set; } = [];

    [Parameter("address", "operator", 2)]
    public string Operator { get; set; } = "";

    [Parameter("string", "name", 3)]
    public string Name { get; set; } = "";
}
