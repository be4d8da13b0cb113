namespace OliMove.Chain;

/// <summary>How one pass of <see cref="OutboxWriter.DrainOnceAsync"/> ended.</summary>
public enum DrainOutcome
{
    /// <summary>Nothing was waiting.</summary>
    Idle,

    /// <summary>Every waiting item was confirmed or marked Failed.</summary>
    Drained,

    /// <summary>The node did not answer; the remaining items wait.</summary>
    NodeUnreachable,

    /// <summary>The chain is not one the writer may write to (see <see cref="ChainHealth"/>); nothing was sent.</summary>
    ChainNotUsable,
}
