namespace OliMove.Bench.Scheduling;

/// <summary>What one online run of the allocator over the Caltech month delivered.</summary>
/// <param name="DeliveredUnits">Energy delivered, capped per session at its original request (watt-periods).</param>
/// <param name="AcceptedUnits">With admission: energy of the accepted requests and taken counter-offers.</param>
/// <param name="AcceptedDeliveredUnits">With admission: of that, what was delivered.</param>
/// <param name="Plans">Number of plans computed.</param>
/// <param name="Admissions">Number of admission evaluations.</param>
/// <param name="Elapsed">Wall time of the run.</param>
internal sealed record OnlineRun(long DeliveredUnits, long AcceptedUnits, long AcceptedDeliveredUnits, int Plans, int Admissions, TimeSpan Elapsed);
