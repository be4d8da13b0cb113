namespace OliMove.Edge.Users.Outcomes;

/// <summary>The input is well formed but the current state does not allow it (taken, in use, already closed).</summary>
public sealed record Conflict(string Message) : DeskFailure(Message);
