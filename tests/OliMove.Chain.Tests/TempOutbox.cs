using OliMove.Storage;

namespace OliMove.Chain.Tests;

/// <summary>A throwaway SQLite edge database with its chain outbox.</summary>
internal sealed class TempOutbox : IAsyncDisposable
{
    private readonly string _directory;
    private readonly EdgeDatabase _db;

    private TempOutbox(string directory, EdgeDatabase db)
    {
        _directory = directory;
        _db = db;
        Repository = new ChainOutboxRepository(db);
    }

    public ChainOutboxRepository Repository { get; }

    public static async Task<TempOutbox> CreateAsync()
    {
        var directory = Path.Combine(Path.GetTempPath(), "olimove-chain-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        return new TempOutbox(directory, await EdgeDatabase.OpenAsync(Path.Combine(directory, "edge.db")));
    }

    public Task<bool> EnqueueAsync(ChainOutboxEntry entry) =>
        Repository.EnqueueAsync(entry.Kind, entry.Key, entry.PayloadJson, DateTimeOffset.UtcNow);

    public async Task<OutboxItem> ItemAsync(string key) => (await Repository.GetByKeysAsync([key])).Single();

    public async ValueTask DisposeAsync()
    {
        await _db.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }
}
