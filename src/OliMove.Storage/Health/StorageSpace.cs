namespace OliMove.Storage;

/// <summary>The database's size and the room it has left.</summary>
/// <param name="DatabaseBytes">Pages in use or free inside the file, times the page size.</param>
/// <param name="MaxDatabaseBytes">The configured cap in whole pages, or null when there is none.</param>
/// <param name="FreeBytes">What the database can still store: free pages inside the file plus the room up to
/// the cap and on the file system, whichever is smaller.</param>
public sealed record StorageSpace(long DatabaseBytes, long? MaxDatabaseBytes, long FreeBytes);
