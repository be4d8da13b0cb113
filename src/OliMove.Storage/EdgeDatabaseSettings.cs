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

    /// <summary>
    /// The shortest time between two WAL checkpoints run beside the writer (decision 0388): each copies the pages
    /// committed since the last and fsyncs the database file, off the commit path. Checkpoints follow commits only.
    /// </summary>
    public TimeSpan CheckpointInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>The most grouped units of work one transaction takes (decision 0225).</summary>
    public int GroupCommitMaxBatch { get; init; } = 512;

    /// <summary>
    /// SQLite's soft heap limit for the whole process (<c>sqlite3_soft_heap_limit64</c>), in bytes; null leaves SQLite's
    /// own (none). Every connection has a page cache of up to 2 MiB, and the pool of read connections grows to as many
    /// as ever read at once (about 40 under 1,000 busy chargers): near the limit each cache reuses its own pages instead
    /// of growing, so SQLite's memory stays near the limit however many connections there are (decision 0295).
    /// </summary>
    public long? SqliteSoftHeapLimitBytes { get; init; } = 32L * 1024 * 1024;

    /// <summary>
    /// The most reads that run at once, each on its own pooled read-only connection; further reads wait for one to end
    /// (decision 0333). Reads are synchronous inside SQLite, so each running read holds a thread-pool thread and a
    /// connection with its page cache: unbounded, 1,000 busy chargers grew the pool to about 40 connections and as many
    /// threads, which a 2-core box cannot run at once anyway. A streamed read (the sessions CSV) holds its slot while
    /// its client reads.
    /// </summary>
    public int MaxConcurrentReads { get; init; } = 8;
}
