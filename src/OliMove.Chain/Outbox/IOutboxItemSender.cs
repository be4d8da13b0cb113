using OliMove.Storage;

namespace OliMove.Chain;

/// <summary>
/// Writes one kind of outbox item to the chain. Each sender first looks whether an earlier send already landed
/// (receipt, then the contract's view) and only then sends; it confirms or fails the items itself.
/// </summary>
internal interface IOutboxItemSender
{
    /// <summary>The <see cref="ChainOutboxKinds"/> value this sender writes.</summary>
    string Kind { get; }

    /// <summary>How many consecutive items of this kind share one transaction.</summary>
    int MaxBatchSize { get; }

    /// <summary>
    /// Throws <see cref="PermanentItemException"/> for items that can never be written, <see cref="ChainNotUsableException"/>
    /// when the chain turns out not writable, and the node's own exceptions when it fails.
    /// </summary>
    Task SendAsync(IReadOnlyList<OutboxItem> batch, CancellationToken ct);
}
