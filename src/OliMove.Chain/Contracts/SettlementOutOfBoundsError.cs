using Nethereum.ABI.FunctionEncoding.Attributes;

namespace OliMove.Chain.Contracts;

/// <summary>ChargingSettlement: a session's energy or flexibility is over the CPO's per-session bounds.</summary>
[Error("SettlementOutOfBounds")]
public sealed class SettlementOutOfBoundsError
{
    [Parameter("uint64", "sessionNumber", 1)]
    public ulong SessionNumber { get; set; }

    [Parameter("uint32", "energyWh", 2)]
    public uint EnergyWh { get; set; }

    [Parameter("uint32", "flexibilityWhH", 3)]
    public uint FlexibilityWhH { get; set; }
}
