using Microsoft.Data.Sqlite;

namespace OliMove.Storage;

/// <summary>
/// A write that failed because of the storage itself, not because of the data: the disk (or the configured
/// cap) is full, an I/O error, a read-only or damaged file, or a lock another process held too long. A
/// constraint violation is the caller's problem and is not a storage fault.
/// </summary>
/// <param name="SqliteErrorCode">SQLite's primary result code (13 = SQLITE_FULL).</param>
/// <param name="Message">SQLite's own message, e.g. "database or disk is full".</param>
public sealed record StorageFault(int SqliteErrorCode, string Message)
{
    public const int SqliteBusy = 5;
    public const int SqliteReadOnly = 8;
    public const int SqliteIoError = 10;
    public const int SqliteCorrupt = 11;
    public const int SqliteFull = 13;
    public const int SqliteCantOpen = 14;
    public const int SqliteNotADatabase = 26;

    /// <summary>The disk, or the database's size cap, has no room for the write.</summary>
    public bool IsDiskFull => SqliteErrorCode == SqliteFull;

    /// <summary>The storage fault behind <paramref name="error"/> (itself or an inner exception), or null.</summary>
    public static StorageFault? Of(Exception? error)
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            if (e is SqliteException sqlite && (sqlite.SqliteErrorCode & 0xFF) is var code
                && code is SqliteBusy or SqliteReadOnly or SqliteIoError or SqliteCorrupt or SqliteFull or SqliteCantOpen or SqliteNotADatabase)
            {
                return new StorageFault(code, SqliteText(sqlite.Message));
            }
        }

        return null;
    }

    /// <summary>"SQLite Error 13: 'database or disk is full'." → "database or disk is full".</summary>
    private static string SqliteText(string message)
    {
        var start = message.IndexOf(": '", StringComparison.Ordinal);
        var end = message.LastIndexOf('\'');
        return message.StartsWith("SQLite Error ", StringComparison.Ordinal) && start > 0 && end > start + 3
            ? message[(start + 3)..end]
            : message;
    }
}
