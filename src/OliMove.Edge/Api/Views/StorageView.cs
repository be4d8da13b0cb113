namespace OliMove.Edge.Api.Views;

/// <summary>The database as /api/v1/health shows it: whether it takes writes, why not, and the room it has left.</summary>
/// <param name="Writable">False from the first write refused by the storage until writes work with room to spare.</param>
/// <param name="FailingSince">When writes started being refused; null while writable.</param>
/// <param name="RefusedWrites">Writes refused in the current (or last) episode.</param>
/// <param name="LastError">SQLite's message for the last storage fault, e.g. "database or disk is full".</param>
/// <param name="DatabaseBytes">The database's size; null when it could not be read.</param>
/// <param name="MaxDatabaseBytes">Storage.MaxDatabaseMegabytes in bytes, or null (no cap).</param>
/// <param name="FreeBytes">What the database can still store (free pages, the cap, the disk).</param>
public sealed record StorageView(
    bool Writable,
    DateTimeOffset? FailingSince,
    long RefusedWrites,
    string? LastError,
    DateTimeOffset? LastErrorAt,
    long? DatabaseBytes,
    long? MaxDatabaseBytes,
    long? FreeBytes);
