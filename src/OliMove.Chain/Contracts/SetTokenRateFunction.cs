using System.Numerics;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace OliMove.Chain.Contracts;

/// <summary>ChargingSettlement.setTokenRate (admin only).</summary>
[Function("setTokenRate")]
public sealed class SetTokenRateFunction : FunctionMessage
{
    [Parameter("uint256", "newTokensPerWhH", 1)]
    public BigInteger NewTokensPerWhH { get; set; }
}
