namespace OliMove.Storage;

/// <summary>What a site-map sync changed: charge points new to the registry, back from retirement, and newly retired.</summary>
public sealed record SiteMapSyncResult(
    IReadOnlyList<string> Added,
    IReadOnlyList<string> Restored,
    IReadOnlyList<string> Retired);
