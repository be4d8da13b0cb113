namespace OliMove.Bench.ApiLoad;

/// <summary>One Server-Sent Event as read off the wire, with the time the reader had all of it.</summary>
public sealed record StreamEvent(string Name, string Data, DateTimeOffset ReceivedAt);
