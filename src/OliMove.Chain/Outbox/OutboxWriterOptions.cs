namespace OliMove.Chain;

/// <summary>Timing and batching of the <see cref="OutboxWriter"/>; the defaults suit a 15-minute slot loop.</summary>
public sealed record OutboxWriterOptions
{
    /// <summary>How often an idle writer looks for new items (<see cref="OutboxWriter.Wake"/> starts a pass at once).</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>First wait after a failure; doubles up to <see cref="MaxBackoff"/>.</summary>
    public TimeSpan MinBackoff { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Upper bound for one RPC call; a silent node counts as unreachable after it.</summary>
    public TimeSpan RpcTimeout { get; init; } = TimeSpan.FromSeconds(15);

    public TimeSpan ReceiptPollInterval { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>After this, a sent transaction is left Sent and checked again (receipt, then contract) on the next pass.</summary>
    public TimeSpan ReceiptTimeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Settlements sharing one transaction (~30k gas each beyond the first).</summary>
    public int MaxSettlementsPerTransaction { get; init; } = 50;

    /// <summary>
    /// Settlement bitmap words (255 session numbers each, ~22,100 gas each) the writer pre-allocates when a batch
    /// reaches the last allocated word (decision 0340); 0 turns it off (each 255th settlement then pays for a fresh word).
    /// </summary>
    public int SettlementWordsPerAllocation { get; init; } = 4;

    /// <summary>An item whose transaction reverts on chain this many times is marked Failed.</summary>
    public int MaxAttempts { get; init; } = 5;

    /// <summary>
    /// Blocks that must be built on top of the block holding an item's transaction before the item counts as
    /// Confirmed; until then it stays Sent and each pass re-reads its receipt, so a reorg that drops it is seen
    /// and the record is sent again. 0 (the dev chain, which has no reorgs) confirms on the first receipt.
    /// </summary>
    public int ConfirmationDepth { get; init; }

    /// <summary>
    /// How much a replacement of a stuck transaction (same nonce) raises both EIP-1559 fees, in percent; nodes
    /// refuse a replacement that raises them by less than 10 (geth's and anvil's price bump).
    /// </summary>
    public int ReplacementFeeBumpPercent { get; init; } = 25;
}
