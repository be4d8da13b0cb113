using Nethereum.ABI.FunctionEncoding.Attributes;

namespace OliMove.Chain.Contracts;

/// <summary>AssetRegistry.ChargePoint.</summary>
public sealed class ChargePointStruct
{
    [Parameter("string", "cpId", 1)]
    public string CpId { get; set; } = "";

    [Parameter("string", "evseId", 2)]
    public string EvseId { get; set; } = "";

    [Parameter("uint32", "powerValueW", 3)]
    public uint PowerValueW { get; set; }

    [Parameter("uint64", "energyWh", 4)]
    public ulong EnergyWh { get; set; }

    [Parameter("string", "powerInfo", 5)]
    public string PowerInfo { get; set; } = "";

    [Parameter("string", "connectionType", 6)]
    public string ConnectionType { get; set; } = "";

    [Parameter("uint8", "status", 7)]
    public byte Status { get; set; }

    [Parameter("string", "cpGroup", 8)]
    public string CpGroup { get; set; } = "";

    [Parameter("uint32", "userEnergyLeftWh", 9)]
    public uint UserEnergyLeftWh { get; set; }

    [Parameter("uint32", "userTimeLeftS", 10)]
    public uint UserTimeLeftS { get; set; }
}
