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

    /// <summary>An item whose transaction reverts on chain this many times is marked Failed.</summary>
    public int MaxAttempts { get; init; } = 5;
}
