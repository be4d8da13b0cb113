namespace OliMove.Edge.Configuration;

public sealed class BillingOptions
{
    public string Currency { get; set; } = "EUR";

    /// <summary>Price per kWh in minor units (cents).</summary>
    public long TariffMinorPerKWh { get; set; } = 30;

    /// <summary>Flexibility tokens per kWh·h of flexibility given.</summary>
    public decimal TokensPerKWhH { get; set; } = 1m;

    /// <summary>Laxity cap in hours (docs/design.md § Flexibility and tokens: clamp(L, 0, cap_h)).</summary>
    public double LaxityCapHours { get; set; } = 8;
}
