using OliMove.Chain;
using OliMove.Chain.Clients;
using OliMove.Storage;

namespace OliMove.Edge.ChainLink;

/// <summary>
/// The chain as this service uses it: the outbox writer and the contracts when a node, addresses and an
/// operator key are configured; otherwise nothing, and chain writes simply wait in the durable outbox. Always:
/// the site every record is written under, and where settlements take their tariff and token rate from.
/// </summary>
public sealed class ChainRuntime(
    ChainOutboxRepository outbox,
    OutboxWriter? writer,
    ChainAddresses? addresses,
    ChainConnection? connection,
    WalletVault? wallets,
    ChainSite site,
    SettlementRatesSource rates)
{
    public OutboxWriter? Writer { get; } = writer;

    public ChainAddresses? Addresses { get; } = addresses;

    public WalletVault? Wallets { get; } = wallets;

    public ChainSite Site { get; } = site;

    public SettlementRatesSource Rates { get; } = rates;

    public bool Configured => Writer is not null;

    /// <summary>The AlgorithmRegistry, to look up the running build's version at start; null without a chain.</summary>
    public AlgorithmRegistryClient? Algorithms => connection is not null && Addresses is not null ? new AlgorithmRegistryClient(connection.Web3, Addresses.AlgorithmRegistry) : null;

    public FlexTokenClient? FlexToken => connection is not null && Addresses is not null ? new FlexTokenClient(connection.Web3, Addresses.FlexToken) : null;

    /// <summary>The outbox's own counters (pending, parked, last confirmed), with or without a chain configured.</summary>
    public Task<OutboxStats> OutboxStatsAsync(CancellationToken ct) => outbox.GetStatsAsync(ct);

    /// <summary>The writer's state, or the outbox's own counters when no chain is configured.</summary>
    public async Task<object> StatusAsync(CancellationToken ct)
    {
        if (Writer is not null)
        {
            return await Writer.GetStateAsync(ct);
        }

        var stats = await outbox.GetStatsAsync(ct);
        return new { health = "NotConfigured", stats.PendingCount, stats.SentCount, stats.OldestPendingAt, stats.FailedCount, stats.LastFailure, stats.LastFailureAt, stats.LastError, stats.LastErrorAt, stats.LastConfirmedBlock, stats.LastConfirmedAt };
    }
}
