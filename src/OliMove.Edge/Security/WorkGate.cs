namespace OliMove.Edge.Security;

/// <summary>
/// Lets at most <c>parallel</c> expensive jobs (PBKDF2, scrypt) run at once; up to <c>queued</c> more callers wait
/// their turn, and any caller beyond that is refused at once, so that a flood of sign-ups or wrong keys neither
/// takes every core nor holds 256 MiB of scrypt memory per request (decision 0247).
/// </summary>
public sealed class WorkGate(int parallel, int queued)
{
    private readonly SemaphoreSlim _slots = new(parallel, parallel);
    private int _waiting;
    private int _running;

    public int Parallel { get; } = parallel;

    public int Queued { get; } = queued;

    /// <summary>Jobs running now.</summary>
    public int Running => Volatile.Read(ref _running);

    /// <summary>Callers waiting for a slot now.</summary>
    public int Waiting => Volatile.Read(ref _waiting);

    /// <summary>The most jobs that ever ran at once (for tests and benches).</summary>
    public int PeakRunning { get; private set; }

    /// <summary>A slot (dispose it to give it back), or null when every slot is taken and the queue is full.</summary>
    public async ValueTask<IDisposable?> TryEnterAsync(CancellationToken ct)
    {
        if (!_slots.Wait(0))
        {
            if (Interlocked.Increment(ref _waiting) > Queued)
            {
                Interlocked.Decrement(ref _waiting);
                return null;
            }

            try
            {
                await _slots.WaitAsync(ct);
            }
            finally
            {
                Interlocked.Decrement(ref _waiting);
            }
        }

        var running = Interlocked.Increment(ref _running);
        lock (_slots)
        {
            PeakRunning = Math.Max(PeakRunning, running);
        }

        return new Slot(this);
    }

    private void Leave()
    {
        Interlocked.Decrement(ref _running);
        _slots.Release();
    }

    private sealed class Slot(WorkGate gate) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                gate.Leave();
            }
        }
    }
}
