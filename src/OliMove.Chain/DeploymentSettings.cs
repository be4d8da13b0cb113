using System.Numerics;

namespace OliMove.Chain;

/// <summary>
/// Who administers the contracts (the CPO: tariff, token rate, bounds, roles, sites; kept off the sites' boxes)
/// and the values the contracts start with. Operators are not named here: each site joins later
/// (<see cref="SiteJoiner"/>) with its own key.
/// </summary>
/// <param name="TariffCentsPerKWh">Bill = energy Wh × this / 1000, in cents (stored as milli-cents).</param>
/// <param name="TokensPerWhH">FlexToken base units (10^-18) minted per Wh·h of flexibility.</param>
/// <param name="LaxityCapMinutes">Flexibility counts laxity up to this (decision: docs/design.md § Flexibility and tokens); the contract refuses more.</param>
/// <param name="MaxEnergyWhPerSession">The most energy one settlement may name; bounds what a stolen key can mint.</param>
public sealed record DeploymentSettings(
    string Admin,
    uint TariffCentsPerKWh,
    BigInteger TokensPerWhH,
    ushort LaxityCapMinutes = DeploymentSettings.DefaultLaxityCapMinutes,
    uint MaxEnergyWhPerSession = DeploymentSettings.DefaultMaxEnergyWhPerSession)
{
    /// <summary>One whole token per kWh·h of flexibility.</summary>
    public static readonly BigInteger OneTokenPerKWhH = BigInteger.Pow(10, 15);

    /// <summary>8 hours, the laxity cap of docs/design.md.</summary>
    public const ushort DefaultLaxityCapMinutes = 480;

    /// <summary>500 kWh: more than any car battery, far less than a stolen key would like.</summary>
    public const uint DefaultMaxEnergyWhPerSession = 500_000;
}
