namespace OliMove.Edge.Users;

/// <summary>A new account: its idTag, its eWallet (null without a chain, or when creating it failed) and its first token.</summary>
public sealed record SignedUp(long UserId, string Login, string DisplayName, string IdTag, string? WalletAddress, string Token, DateTimeOffset ExpiresAt);
