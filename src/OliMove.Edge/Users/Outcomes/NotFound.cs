namespace OliMove.Edge.Users.Outcomes;

/// <summary>The thing the input names does not exist (or is not the caller's to see).</summary>
public sealed record NotFound(string Message) : DeskFailure(Message);
