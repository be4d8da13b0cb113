using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace OliMove.Chain.Contracts;

/// <summary>AssetRegistry.upsertMeter.</summary>
[Function("upsertMeter")]
public sealed class UpsertMeterFunction : FunctionMessage
{
    [Parameter("bytes32", "siteId", 1)]
    public byte[] SiteId { get; set; } = [];

    [Parameter("tuple", "m", 2)]
    public MeterStruct M { get; set; } = new();
}
