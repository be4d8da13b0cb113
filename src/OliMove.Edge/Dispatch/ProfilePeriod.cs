namespace OliMove.Edge.Dispatch;

/// <summary>One ChargingSchedulePeriod: from <paramref name="StartPeriodSeconds"/> on, at most <paramref name="Limit"/>.</summary>
public sealed record ProfilePeriod(int StartPeriodSeconds, decimal Limit, int? NumberPhases);
