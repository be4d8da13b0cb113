using Nethereum.ABI.FunctionEncoding.Attributes;

namespace OliMove.Chain.Contracts;

/// <summary>ChargingSettlement.SessionSettlement.</summary>
public sealed class SessionSettlementStruct
{
    [Parameter("bytes32", "sessionId", 1)]
    public byte[] SessionId { get; set; } = [];

    [Parameter("address", "user", 2)]
    public string User { get; set; } = "";

    [Parameter("uint32", "energyWh", 3)]
    public uint EnergyWh { get; set; }

    [Parameter("uint32", "flexibilityWhH", 4)]
    public uint FlexibilityWhH { get; set; }
}
