using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace OliMove.Chain.Contracts;

/// <summary>ChargingSettlement.token: the FlexToken it created.</summary>
[Function("token", "address")]
public sealed class TokenFunction : FunctionMessage
{
}
