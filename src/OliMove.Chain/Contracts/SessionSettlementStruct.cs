using Nethereum.ABI.FunctionEncoding.Attributes;

namespace OliMove.Chain.Contracts;

/// <summary>ChargingSettlement.SessionSettlement.</summary>
public sealed class SessionSettlementStruct
{
    /// <summary>The session's transaction number (tx-N → N); with the site id, its on-chain id.</summary>
    [Parameter("uint64", "sessionNumber", 1)]
    public ulong SessionNumber { get; set; }

    [Parameter("address", "user", 2)]
    public string User { get; set; } = "";

    [Parameter("uint32", "energyWh", 3)]
    public uint EnergyWh { get; set; }

    [Parameter("uint32", "flexibilityWhH", 4)]
    public uint FlexibilityWhH { get; set; }
}
