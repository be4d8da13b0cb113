using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace OliMove.Chain.Contracts;

/// <summary>ChargingSettlement.setBounds (admin only): the per-session minting bounds.</summary>
[Function("setBounds")]
public sealed class SetBoundsFunction : FunctionMessage
{
    [Parameter("uint16", "laxityCapMinutes", 1)]
    public ushort LaxityCapMinutes { get; set; }

    [Parameter("uint32", "maxEnergyWhPerSession", 2)]
    public uint MaxEnergyWhPerSession { get; set; }
}
