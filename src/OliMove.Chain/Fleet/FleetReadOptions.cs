namespace OliMove.Chain.Fleet;

/// <summary>How <see cref="FleetReader"/> reads the chain.</summary>
public sealed record FleetReadOptions
{
    /// <summary>
    /// Blocks per <c>eth_getLogs</c> call. 2,000 fits the range limits of common public providers; a node that
    /// refuses a page makes the reader halve it (<see cref="ContractLogPager"/>).
    /// </summary>
    public long BlocksPerPage { get; init; } = 2_000;

    /// <summary>Blocks left out at the head of the chain (the outbox's confirmation depth): the view is as of that deep.</summary>
    public int Confirmations { get; init; }
}
