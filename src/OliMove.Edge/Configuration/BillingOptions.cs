using System.Numerics;
using OliMove.Chain;

namespace OliMove.Edge.Configuration;

/// <summary>
/// How sessions are billed. With a chain configured, tariff, token rate and laxity cap are the contract's
/// (ChargingSettlement, set by the CPO's admin; `olimove-edge chain deploy` writes the first values) and must not be
/// set here: one tariff, so receipts equal what the chain bills and mints. Without a chain, these values (or their
/// defaults) are used.
/// </summary>
public sealed class BillingOptions
{
    public const long DefaultTariffMinorPerKWh = 30;

    public const double DefaultLaxityCapHours = 8;

    public string Currency { get; set; } = "EUR";

    /// <summary>Price per kWh in minor units (cents); only without a chain (default 30).</summary>
    public long? TariffMinorPerKWh { get; set; }

    /// <summary>Flexibility tokens per kWh·h of flexibility given; only without a chain (default 1).</summary>
    public decimal? TokensPerKWhH { get; set; }

    /// <summary>Laxity cap in hours (docs/design.md § Flexibility and tokens: clamp(L, 0, cap_h)); only without a chain (default 8).</summary>
    public double? LaxityCapHours { get; set; }

    /// <summary>The rates of a site without a chain, in the contract's units so both paths bill alike.</summary>
    public SettlementRates RatesWithoutChain() => new(
        (uint)(TariffMinorPerKWh ?? DefaultTariffMinorPerKWh),
        new BigInteger((TokensPerKWhH ?? 1m) * 1_000_000_000_000_000m),
        (ushort)Math.Round((LaxityCapHours ?? DefaultLaxityCapHours) * 60),
        uint.MaxValue);
}
