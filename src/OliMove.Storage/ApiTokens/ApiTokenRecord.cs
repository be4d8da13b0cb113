namespace OliMove.Storage;

/// <summary>An API token's grant. The token itself is not stored, only its SHA-256.</summary>
public sealed record ApiTokenRecord(
    long Id,
    ApiTokenRole Role,
    long? UserId,
    string Label,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ExpiresAt,
    DateTimeOffset? RevokedAt);
