using Nethereum.ABI.FunctionEncoding.Attributes;

namespace OliMove.Chain.Contracts;

/// <summary>Return value of ChargingSettlement.billOf.</summary>
[FunctionOutput]
public sealed class BillOutput : IFunctionOutputDTO
{
    [Parameter("address", "user", 1)]
    public string User { get; set; } = "";

    [Parameter("uint32", "energyWh", 2)]
    public uint EnergyWh { get; set; }

    [Parameter("uint64", "billMilliCents", 3)]
    public ulong BillMilliCents { get; set; }

    [Parameter("uint32", "flexibilityWhH", 4)]
    public uint FlexibilityWhH { get; set; }

    [Parameter("uint32", "tariff", 5)]
    public uint Tariff { get; set; }
}
