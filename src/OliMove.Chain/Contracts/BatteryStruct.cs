using Nethereum.ABI.FunctionEncoding.Attributes;

namespace OliMove.Chain.Contracts;

/// <summary>AssetRegistry.Battery.</summary>
public sealed class BatteryStruct
{
    [Parameter("string", "batteryId", 1)]
    public string BatteryId { get; set; } = "";

    [Parameter("uint64", "capacityWh", 2)]
    public ulong CapacityWh { get; set; }

    [Parameter("uint64", "energyAvailableWh", 3)]
    public ulong EnergyAvailableWh { get; set; }

    [Parameter("uint32", "maxPowerW", 4)]
    public uint MaxPowerW { get; set; }

    [Parameter("string", "group", 5)]
    public string Group { get; set; } = "";
}
