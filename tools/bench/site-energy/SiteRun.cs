namespace OliMove.Bench.SiteEnergy;

/// <summary>What one online run over the month delivered.</summary>
/// <param name="DeliveredUnits">Energy delivered, capped per session at its request (watt-periods).</param>
/// <param name="AcceptedUnits">Energy of the accepted requests and taken counter-offers.</param>
/// <param name="AcceptedDeliveredUnits">Of that, what was delivered.</param>
/// <param name="MinutesOverLimit">Minutes in which cars + building + battery drew more than the cabinet's limit.</param>
/// <param name="BatteryDischargedWh">Energy the battery gave.</param>
/// <param name="MinBatteryWh">Lowest energy the battery held.</param>
/// <param name="PlanMilliseconds">Wall time of each plan (with its admissions), for the median and spread.</param>
internal sealed record SiteRun(long DeliveredUnits, long AcceptedUnits, long AcceptedDeliveredUnits, int MinutesOverLimit, long BatteryDischargedWh, long MinBatteryWh, IReadOnlyList<double> PlanMilliseconds);
