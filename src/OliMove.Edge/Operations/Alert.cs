namespace OliMove.Edge.Operations;

/// <summary>
/// One thing that needs a person. <paramref name="Id"/> names the cause (e.g. "charger-fault:CP-1/2"), so the same
/// cause is the same alert for as long as it lasts; <paramref name="Since"/> is when it began (the source's own time
/// where it has one, else when it was first seen); <paramref name="Link"/> is the cockpit page that shows it.
/// </summary>
public sealed record Alert(string Id, string Kind, string Severity, string Subject, string Message, DateTimeOffset Since, string Link);
