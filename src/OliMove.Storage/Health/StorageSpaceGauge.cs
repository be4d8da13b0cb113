using System.Globalization;
using Microsoft.Data.Sqlite;

namespace OliMove.Storage;

/// <summary>
/// Measures the database's size and the room it has left: free pages inside the file, the room up to the size
/// cap, and the free space of the file system that holds it, whichever is smaller.
/// </summary>
internal sealed class StorageSpaceGauge(string databasePath, long pageSize, long? maxDatabaseBytes)
{
    /// <summary>The size cap in force, in whole pages' bytes, or null.</summary>
    public long? MaxDatabaseBytes { get; } = maxDatabaseBytes;

    /// <summary>
    /// The room that must be free again before a commit ends an episode of refused writes: 1 MiB, or an eighth
    /// of a smaller cap, so that the box is not declared healthy while only the odd small write still fits.
    /// </summary>
    public long RecoveryHeadroomBytes => Math.Min(1024 * 1024, MaxDatabaseBytes is { } max ? max / 8 : long.MaxValue);

    public async Task<StorageSpace> MeasureAsync(SqliteConnection connection, CancellationToken ct)
    {
        var pages = Convert.ToInt64(await SqliteStatements.ScalarAsync(connection, "PRAGMA page_count;", ct), CultureInfo.InvariantCulture);
        var freePages = Convert.ToInt64(await SqliteStatements.ScalarAsync(connection, "PRAGMA freelist_count;", ct), CultureInfo.InvariantCulture);
        var free = freePages * pageSize + FileSystemFreeBytes();
        if (MaxDatabaseBytes is { } max)
        {
            free = Math.Min(free, Math.Max(0, max - (pages * pageSize)) + (freePages * pageSize));
        }

        return new StorageSpace(pages * pageSize, MaxDatabaseBytes, free);
    }

    /// <summary>Free bytes on the file system that holds the database, for this process's user.</summary>
    private long FileSystemFreeBytes()
    {
        try
        {
            return new DriveInfo(Path.GetDirectoryName(databasePath)!).AvailableFreeSpace;
        }
        catch (Exception e) when (e is IOException or ArgumentException or UnauthorizedAccessException)
        {
            // Unknown: let the cap (or nothing) decide; the next failing write will tell.
            return long.MaxValue / 2;
        }
    }
}
