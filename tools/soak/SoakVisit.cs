namespace OliMove.Tools.Soak;

/// <summary>One car's stay at a charge point: when it plugs in and out, and the battery it brings.</summary>
public sealed record SoakVisit(
    DateTimeOffset Arrival,
    DateTimeOffset Departure,
    double CapacityWh,
    double InitialSoCPercent,
    double MaxPowerW,
    string IdTag);
