namespace OliMove.Storage;

/// <summary>What a database is bound to: its site (for ever) and, once a chain was configured, that chain.</summary>
public sealed record SiteIdentity(string SiteId, DateTimeOffset BoundAt, ChainBinding? Chain, DateTimeOffset? ChainBoundAt);
