namespace OliMove.Chain;

/// <summary>
/// When the writer makes its next pass: after the poll interval when the last pass went well, after a backoff
/// that doubles up to <see cref="OutboxWriterOptions.MaxBackoff"/> while the chain fails, and at once after
/// <see cref="Wake"/>.
/// </summary>
internal sealed class OutboxPollLoop(OutboxWriterOptions options, TimeProvider time)
{
    private readonly Lock _lock = new();
    private TaskCompletionSource _wake = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private DateTimeOffset? _nextAttemptAt;

    /// <summary>When the next pass starts after a failure; null while the chain is fine.</summary>
    public DateTimeOffset? NextAttemptAt
    {
        get
        {
            lock (_lock)
            {
                return _nextAttemptAt;
            }
        }
    }

    /// <summary>Runs <paramref name="pass"/> until cancelled; <paramref name="pass"/> reports failures as outcomes, not exceptions.</summary>
    public async Task RunAsync(Func<CancellationToken, Task<DrainOutcome>> pass, CancellationToken ct)
    {
        var backoff = options.MinBackoff;
        while (!ct.IsCancellationRequested)
        {
            lock (_lock)
            {
                // A fresh signal per pass: a Wake() during this pass ends the next wait at once.
                if (_wake.Task.IsCompleted)
                {
                    _wake = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                }
            }

            DrainOutcome outcome;
            try
            {
                outcome = await pass(ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }

            var failed = outcome is DrainOutcome.NodeUnreachable or DrainOutcome.ChainNotUsable;
            TimeSpan delay;
            if (failed)
            {
                delay = backoff;
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, options.MaxBackoff.Ticks));
            }
            else
            {
                delay = options.PollInterval;
                backoff = options.MinBackoff;
            }

            try
            {
                await WaitAsync(delay, failed, ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
        }
    }

    /// <summary>Ends the current wait at once.</summary>
    public void Wake()
    {
        lock (_lock)
        {
            _wake.TrySetResult();
        }
    }

    private async Task WaitAsync(TimeSpan delay, bool afterFailure, CancellationToken ct)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        // The timer exists before NextAttemptAt is published, so whoever reads the state and moves the
        // clock (a test's fake time) cannot move it before the timer is armed.
        var sleep = Task.Delay(delay, time, cts.Token);
        Task wake;
        lock (_lock)
        {
            _nextAttemptAt = afterFailure ? time.GetUtcNow() + delay : null;
            wake = _wake.Task;
        }

        await Task.WhenAny(sleep, wake);
        await cts.CancelAsync();
        ct.ThrowIfCancellationRequested();
    }
}
