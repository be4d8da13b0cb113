using System.Numerics;
using Nethereum.ABI.FunctionEncoding.Attributes;

namespace OliMove.Chain.Contracts;

/// <summary>ChargingSettlement.allocate: zero words, or more than MAX_WORDS_PER_ALLOCATION in one call.</summary>
[Error("AllocationTooLarge")]
public sealed class AllocationTooLargeError
{
    [Parameter("uint256", "words", 1)]
    public BigInteger Words { get; set; }
}
