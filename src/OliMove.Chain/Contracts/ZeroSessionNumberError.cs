using Nethereum.ABI.FunctionEncoding.Attributes;

namespace OliMove.Chain.Contracts;

/// <summary>ChargingSettlement.settle: session number 0 (transaction numbers start at 1; the bitmap has no 0).</summary>
[Error("ZeroSessionNumber")]
public sealed class ZeroSessionNumberError
{
}
