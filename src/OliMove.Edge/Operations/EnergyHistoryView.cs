namespace OliMove.Edge.Operations;

/// <summary>The energy history answer: the period asked for, in UTC and as the site's dates, and the site's and each group's series.</summary>
public sealed record EnergyHistoryView(
    string Period,
    DateOnly Date,
    string TimeZone,
    DateTimeOffset From,
    DateTimeOffset To,
    EnergyHistorySeries Site,
    IReadOnlyList<EnergyHistorySeries> Groups);
