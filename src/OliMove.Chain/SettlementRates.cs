using System.Numerics;

namespace OliMove.Chain;

/// <summary>
/// What ChargingSettlement bills and mints with (the CPO's values, set by the admin): bill milli-cents = energy Wh ×
/// <paramref name="TariffCentsPerKWh"/>; tokens (base units) = flexibility Wh·h × <paramref name="TokensPerWhH"/>; a
/// session is refused when its energy exceeds <paramref name="MaxEnergyWhPerSession"/> or its flexibility exceeds
/// energy × <paramref name="LaxityCapMinutes"/> / 60.
/// </summary>
public sealed record SettlementRates(uint TariffCentsPerKWh, BigInteger TokensPerWhH, ushort LaxityCapMinutes, uint MaxEnergyWhPerSession)
{
    /// <summary>Base units minted for a session, exactly as the contract computes them.</summary>
    public BigInteger TokensFor(long flexibilityWhH) => flexibilityWhH * TokensPerWhH;

    /// <summary>Bill in milli-cents, exactly as the contract computes it.</summary>
    public long BillMilliCents(long energyWh) => energyWh * TariffCentsPerKWh;

    /// <summary>Whether the contract accepts a session with these values.</summary>
    public bool Admits(long energyWh, long flexibilityWhH) =>
        energyWh <= MaxEnergyWhPerSession && flexibilityWhH * 60 <= energyWh * LaxityCapMinutes;
}
