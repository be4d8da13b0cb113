namespace OliMove.Edge.Operations;

/// <summary>One site-calendar day of the history: its energy and its highest quarter's mean power, and when.</summary>
public sealed record EnergyDayTotal(DateOnly Date, long EnergyWh, long PeakQuarterW, DateTimeOffset? PeakQuarterAt);
