using Microsoft.Data.Sqlite;

namespace OliMove.Storage.Tests;

/// <summary>A fresh directory for one test's SQLite file, removed afterwards.</summary>
public sealed class TempDatabaseFile : IAsyncDisposable
{
    private readonly List<EdgeDatabase> _opened = [];

    public TempDatabaseFile()
    {
        Directory = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "olimove-storage-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
        Path = System.IO.Path.Combine(Directory, "edge.db");
    }

    public string Directory { get; }

    public string Path { get; }

    public async Task<EdgeDatabase> OpenAsync()
    {
        var db = await EdgeDatabase.OpenAsync(Path);
        _opened.Add(db);
        return db;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var db in _opened)
        {
            await db.DisposeAsync();
        }

        // Pooled connections keep the file open; the pool must let go before the file can be removed.
        SqliteConnection.ClearAllPools();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp directory is harmless; failing the test over it would hide the real result.
        }
    }
}
