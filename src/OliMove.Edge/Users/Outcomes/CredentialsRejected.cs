namespace OliMove.Edge.Users.Outcomes;

/// <summary>The login and password do not match an account (which of the two is wrong is not said).</summary>
public sealed record CredentialsRejected(string Message) : DeskFailure(Message);
