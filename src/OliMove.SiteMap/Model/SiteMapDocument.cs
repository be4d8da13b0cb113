namespace OliMove.SiteMap.Model;

/// <summary>
/// The validated site map, one-to-one with the YAML file (lists in file order).
/// </summary>
public sealed record SiteMapDocument(
    string SiteId,
    string SiteName,
    double NominalVoltageV,
    GridConnection GridConnection,
    IReadOnlyList<CircuitDefinition> Circuits,
    IReadOnlyList<ChargePointDefinition> ChargePoints,
    IReadOnlyList<PvInverterDefinition> PvInverters,
    IReadOnlyList<BatteryDefinition> Batteries,
    IReadOnlyList<OtherLoadDefinition> OtherLoads)
{
    /// <summary>Meters of the grid connection, circuits and other loads (decision 0237).</summary>
    public IReadOnlyList<MeterDefinition> Meters { get; init; } = [];

    /// <summary>
    /// The site's IANA time zone (site.timeZone, default UTC): pages show times in it and the history cuts its
    /// days, weeks and months in it; the API and the store stay in UTC.
    /// </summary>
    public string TimeZone { get; init; } = "UTC";
}
