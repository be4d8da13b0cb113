namespace OliMove.Edge.Users;

/// <summary>
/// A new account: its card (pending until presented at a charger), the card's eWallet (null without a chain, or
/// when creating it failed; the account's once the card is bound) and its first token.
/// </summary>
public sealed record SignedUp(long UserId, string Login, string DisplayName, CardView Card, string? WalletAddress, string Token, DateTimeOffset ExpiresAt);
