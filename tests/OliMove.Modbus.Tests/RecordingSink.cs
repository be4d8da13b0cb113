using System.Collections.Concurrent;
using OliMove.Modbus.Polling;

namespace OliMove.Modbus.Tests;

/// <summary>Keeps what the poller stores, and lets a test await the n-th reading.</summary>
public sealed class RecordingSink : IPvReadingSink
{
    private readonly ConcurrentQueue<PvReading> _stored = new();
    private readonly SemaphoreSlim _arrived = new(0);

    public IReadOnlyList<PvReading> Stored => [.. _stored];

    public Task StoreAsync(PvReading reading, CancellationToken cancellationToken)
    {
        _stored.Enqueue(reading);
        _arrived.Release();
        return Task.CompletedTask;
    }

    public async Task WaitForAsync(int count)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (_stored.Count < count)
        {
            await _arrived.WaitAsync(timeout.Token);
        }
    }
}
