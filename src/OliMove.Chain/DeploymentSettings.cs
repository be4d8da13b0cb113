using System.Numerics;

namespace OliMove.Chain;

/// <summary>
/// Who administers the contracts (the CPO: tariff, token rate, roles) and who writes (the edge service's
/// operator account), plus the initial tariff and token rate.
/// </summary>
/// <param name="TariffCentsPerKWh">Bill = energy Wh × this / 1000, in cents (stored as milli-cents).</param>
/// <param name="TokensPerWhH">FlexToken base units (10^-18) minted per Wh·h of flexibility.</param>
public sealed record DeploymentSettings(string Admin, string Operator, uint TariffCentsPerKWh, BigInteger TokensPerWhH)
{
    /// <summary>One whole token per kWh·h of flexibility.</summary>
    public static readonly BigInteger OneTokenPerKWhH = BigInteger.Pow(10, 15);
}
