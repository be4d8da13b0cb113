namespace OliMove.Storage;

public enum TransactionStopOutcome
{
    /// <summary>The transaction was open and is now stopped.</summary>
    Stopped,

    /// <summary>It was already stopped (a replayed StopTransaction); the first stop is kept unchanged.</summary>
    AlreadyStopped,

    /// <summary>No transaction has this id.</summary>
    NotFound,
}
