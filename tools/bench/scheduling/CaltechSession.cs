namespace OliMove.Bench.Scheduling;

/// <summary>One Caltech ACN session in 5-minute periods counted from the first period of the data set.</summary>
internal sealed record CaltechSession(string Id, int ArrivalPeriod, int DeparturePeriod, long EnergyWh);
