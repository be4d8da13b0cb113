namespace OliMove.Edge.Users;

/// <summary>A signed-in user and the new bearer token.</summary>
public sealed record SignedIn(long UserId, string Login, string DisplayName, string Token, DateTimeOffset ExpiresAt);
