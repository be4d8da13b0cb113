namespace OliMove.Edge.Users.Outcomes;

/// <summary>The input breaks a rule; <paramref name="Field"/> names the offending field as the API spells it.</summary>
public sealed record InvalidInput(string Field, string Message) : DeskFailure(Message);
