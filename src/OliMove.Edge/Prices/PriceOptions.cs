namespace OliMove.Edge.Prices;

/// <summary>
/// The site's price and CO₂ signals (docs/prices.md). Each source is a file (relative to the config file's folder)
/// or an http(s) URL on the site's network, re-read every <see cref="RefreshMinutes"/>. Nothing configured: no
/// signals, and best effort charges as soon as possible as before.
/// </summary>
public sealed class PriceOptions
{
    /// <summary>What best effort is placed to minimise: "cost" (energy + demand charge) or "co2".</summary>
    public string Objective { get; set; } = "cost";

    /// <summary>A time-of-use tariff (JSON, e.g. data/tariffs/sce-tou-ev-4-2019-03.json): import prices and the demand charge.</summary>
    public string? Tariff { get; set; }

    /// <summary>Dynamic import prices (CSV or JSON series, e.g. day-ahead); where they cover a slot they win over <see cref="Tariff"/>.</summary>
    public string? ImportPrices { get; set; }

    /// <summary>Feed-in prices (CSV or JSON series): what PV fed to the grid earns; recorded with the slot.</summary>
    public string? FeedInPrices { get; set; }

    /// <summary>Grid CO₂ intensity in g/kWh (CSV or JSON series); needed for Objective "co2".</summary>
    public string? Co2 { get; set; }

    /// <summary>Demand charge per kW of the billing month's peak 15-minute average; overrides the tariff's.</summary>
    public decimal? DemandChargePerKw { get; set; }

    /// <summary>How often every source is read again.</summary>
    public int RefreshMinutes { get; set; } = 15;

    public bool IsConfigured => Tariff is not null || ImportPrices is not null || Co2 is not null;

    public static bool IsUrl(string source) =>
        source.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || source.StartsWith("https://", StringComparison.OrdinalIgnoreCase);

    /// <summary>File sources relative to the config file's folder become absolute; URLs stay as they are.</summary>
    public void ResolvePaths(Func<string, string> full)
    {
        ArgumentNullException.ThrowIfNull(full);
        string? Resolve(string? source) => string.IsNullOrWhiteSpace(source) ? null : IsUrl(source) ? source : full(source);
        Tariff = Resolve(Tariff);
        ImportPrices = Resolve(ImportPrices);
        FeedInPrices = Resolve(FeedInPrices);
        Co2 = Resolve(Co2);
    }

    /// <summary>Configuration errors, one line each; none when valid.</summary>
    public IEnumerable<string> Check()
    {
        if (Objective is not ("cost" or "co2"))
        {
            yield return $"Prices.Objective must be \"cost\" or \"co2\", got \"{Objective}\"";
        }

        if (Objective == "co2" && Co2 is null && IsConfigured)
        {
            yield return "Prices.Objective \"co2\" needs Prices.Co2 (a CO₂ intensity series)";
        }

        if (Objective == "cost" && Co2 is not null && Tariff is null && ImportPrices is null)
        {
            yield return "Prices.Objective \"cost\" needs Prices.Tariff or Prices.ImportPrices";
        }

        if (DemandChargePerKw is < 0 or > TimeOfUseTariffFile.MaxDemandChargePerKw)
        {
            yield return $"Prices.DemandChargePerKw must be between 0 and {TimeOfUseTariffFile.MaxDemandChargePerKw}";
        }

        if (RefreshMinutes is < 1 or > 1440)
        {
            yield return "Prices.RefreshMinutes must be between 1 and 1440";
        }
    }
}
