namespace OliMove.Edge.Operations;

/// <summary>One 15-minute quarter: the energy charged (Wh) and its mean power (W = Wh × 4), what a grid meter bills as demand.</summary>
public sealed record EnergyQuarterPoint(DateTimeOffset At, long EnergyWh, long MeanPowerW);
