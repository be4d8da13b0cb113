namespace OliMove.Edge.Api;

/// <summary>One event of the live stream: its name and its JSON data (one line).</summary>
/// <param name="ChargePointId">The charge point it is about, for streams filtered to one user's charge points.</param>
public sealed record ServerSentEvent(string Event, string Data, string? ChargePointId);
