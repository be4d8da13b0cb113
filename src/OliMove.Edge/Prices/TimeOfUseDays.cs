namespace OliMove.Edge.Prices;

/// <summary>The days a time-of-use season applies to.</summary>
public enum TimeOfUseDays
{
    All,
    Weekdays,
    Weekends,
}
