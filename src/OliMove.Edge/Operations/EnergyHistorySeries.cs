namespace OliMove.Edge.Operations;

/// <summary>
/// The charging energy of the site or one group over a period: every quarter (those without energy as 0), the
/// totals per site day, and the period's peak (highest quarter mean power) against the limit (the grid connection's
/// for the site, the root circuit's for a group).
/// </summary>
public sealed record EnergyHistorySeries(
    string Scope,
    string? GroupId,
    double LimitW,
    long EnergyWh,
    long PeakQuarterW,
    DateTimeOffset? PeakQuarterAt,
    double PeakShareOfLimit,
    IReadOnlyList<EnergyDayTotal> Days,
    IReadOnlyList<EnergyQuarterPoint> Quarters);
