namespace OliMove.Storage;

/// <summary>How the product opens its database file.</summary>
public sealed record EdgeDatabaseSettings
{
    /// <summary>
    /// Caps the database at this many bytes (rounded down to whole pages) with SQLite's <c>max_page_count</c> on
    /// the write connection: a write that would grow the file beyond it fails with SQLITE_FULL exactly as on a full
    /// disk, so the database can never fill the box's own disk. Null: no cap (the disk is the limit). A file that is
    /// already larger keeps its size; writes that need a new page then fail until space is freed in it.
    /// </summary>
    public long? MaxDatabaseBytes { get; init; }

    /// <summary>The clock that stamps storage faults and recoveries (the service's clock).</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>
    /// How many grouped units of work (<see cref="EdgeDatabase.WriteGroupedAsync{T}"/>) may wait for the next commit;
    /// callers beyond it wait to get in (backpressure, decision 0226). The default holds a few per charger of a
    /// 1,000-charger site.
    /// </summary>
    public int GroupCommitCapacity { get; init; } = 4096;

    /// <summary>The most grouped units of work one transaction takes (decision 0225).</summary>
    public int GroupCommitMaxBatch { get; init; } = 512;
}
