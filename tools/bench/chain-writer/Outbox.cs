using OliMove.Storage;

/// <summary>A throwaway SQLite edge database (the real file, WAL and all) with its chain outbox.</summary>
internal sealed class Outbox : IAsyncDisposable
{
    private readonly string _directory;
    private readonly EdgeDatabase _db;

    private Outbox(string directory, EdgeDatabase db)
    {
        _directory = directory;
        _db = db;
        Repository = new ChainOutboxRepository(db);
    }

    public ChainOutboxRepository Repository { get; }

    public static async Task<Outbox> CreateAsync()
    {
        var directory = Path.Combine(Path.GetTempPath(), "olimove-chain-writer-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        return new Outbox(directory, await EdgeDatabase.OpenAsync(Path.Combine(directory, "edge.db")));
    }

    public async ValueTask DisposeAsync()
    {
        await _db.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }
}
