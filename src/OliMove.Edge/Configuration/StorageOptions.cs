namespace OliMove.Edge.Configuration;

public sealed class StorageOptions
{
    /// <summary>
    /// Caps the SQLite file (Database) at this many MiB; empty means no cap. Past it, writes fail exactly as on a
    /// full disk (SQLITE_FULL): chargers get a CALLERROR and keep their messages, the API answers 507 and
    /// /api/v1/health 503, until space is freed. Leave room for the WAL (a few MiB) and the logs below the disk's
    /// own size, so that the database never fills the box's disk.
    /// </summary>
    public int? MaxDatabaseMegabytes { get; set; }

    /// <summary>
    /// How many OCPP writes may wait for the next group commit (decisions 0225, 0226); past it the service reads the
    /// chargers' sockets more slowly instead of queueing more. 1 to 1,000,000; the default suits 1,000 chargers.
    /// </summary>
    public int GroupCommitCapacity { get; set; } = 4096;
}
