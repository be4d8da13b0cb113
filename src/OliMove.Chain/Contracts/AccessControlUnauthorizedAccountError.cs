using Nethereum.ABI.FunctionEncoding.Attributes;

namespace OliMove.Chain.Contracts;

/// <summary>OpenZeppelin AccessControl: the sender lacks the role.</summary>
[Error("AccessControlUnauthorizedAccount")]
public sealed class AccessControlUnauthorizedAccountError
{
    [Parameter("address", "account", 1)]
    public string Account { get; set; } = "";

    [Parameter("bytes32", "neededRole", 2)]
    public byte[] NeededRole { get; set; } = [];
}
