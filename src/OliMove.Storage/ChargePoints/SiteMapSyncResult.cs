namespace OliMove.Storage;

/// <summary>What <see cref="ChargePointRepository.SyncFromSiteMapAsync(IReadOnlyList{ChargePointDefinition}, DateTimeOffset, CancellationToken)"/> changed.</summary>
public sealed record SiteMapSyncResult(
    IReadOnlyList<string> Added,
    IReadOnlyList<string> Updated,
    IReadOnlyList<string> Retired);
