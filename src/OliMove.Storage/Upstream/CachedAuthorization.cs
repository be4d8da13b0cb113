namespace OliMove.Storage;

/// <summary>The backend's last verdict on an idTag (OCPP 1.6 §3.5 authorization cache). Status is the OCPP name.</summary>
public sealed record CachedAuthorization(string IdTag, string Status, string? ParentIdTag, DateTimeOffset? ExpiresAt, DateTimeOffset UpdatedAt);
