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
}
