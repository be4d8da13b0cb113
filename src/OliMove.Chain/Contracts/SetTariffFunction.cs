using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace OliMove.Chain.Contracts;

/// <summary>ChargingSettlement.setTariff (admin only).</summary>
[Function("setTariff")]
public sealed class SetTariffFunction : FunctionMessage
{
    [Parameter("uint32", "newTariffCentsPerKWh", 1)]
    public uint NewTariffCentsPerKWh { get; set; }
}
