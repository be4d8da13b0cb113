namespace OliMove.Edge.Users;

/// <summary>A new energy and/or departure for an open request (at least one); what is null stays as it is.</summary>
public sealed record RequestChange(double? EnergyWh, DateTimeOffset? Departure);
