namespace OliMove.Edge.Prices;

/// <summary>From <paramref name="Start"/> (local time of day) until the next period's start, this price per kWh.</summary>
public sealed record TimeOfUsePeriod(TimeOnly Start, decimal PricePerKWh);
