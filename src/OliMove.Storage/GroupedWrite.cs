namespace OliMove.Storage;

/// <summary>
/// One caller's unit of work waiting in the <see cref="GroupCommitQueue"/>: it runs inside a shared transaction and
/// is reported done only once that transaction has committed.
/// </summary>
internal sealed class GroupedWrite(Func<WriteScope, Task<object?>> work, CancellationToken cancellationToken)
{
    // Continuations run on the pool, not on the committing loop: the loop must not send hundreds of replies inline.
    private readonly TaskCompletionSource<object?> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private object? _result;

    public Task<object?> Done => _done.Task;

    public CancellationToken CancellationToken => cancellationToken;

    /// <summary>Whether the work ran to its end in the current batch (it still waits for the commit).</summary>
    public bool Succeeded { get; private set; }

    public async Task RunAsync(WriteScope scope)
    {
        _result = await work(scope);
        Succeeded = true;
    }

    public void Commit() => _done.TrySetResult(_result);

    public void Fail(Exception error)
    {
        Succeeded = false;
        _done.TrySetException(error);
    }

    public void Cancel() => _done.TrySetCanceled(cancellationToken);
}
