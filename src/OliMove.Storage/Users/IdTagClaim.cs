namespace OliMove.Storage;

/// <summary>A user's claim on a card that is not yet proven: it binds only if the card is presented before <paramref name="ExpiresAt"/>.</summary>
public sealed record IdTagClaim(string IdTag, long UserId, DateTimeOffset ClaimedAt, DateTimeOffset ExpiresAt);
