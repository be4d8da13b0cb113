using Nethereum.ABI.FunctionEncoding.Attributes;

namespace OliMove.Chain.Contracts;

/// <summary>FlexToken: only the settlement contract mints.</summary>
[Error("NotMinter")]
public sealed class NotMinterError
{
    [Parameter("address", "caller", 1)]
    public string Caller { get; set; } = "";
}
