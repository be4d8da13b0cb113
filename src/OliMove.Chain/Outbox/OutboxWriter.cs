using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using OliMove.Chain.Clients;
using OliMove.Storage;

namespace OliMove.Chain;

/// <summary>
/// The single writer that drains one site's chain outbox (every record under its <see cref="ChainSite"/>), oldest item first: one transaction per slot (all its
/// rows), consecutive settlements in one transaction, a settlement bitmap allocation before the settlements that
/// need it. One account, serialized sends, nonce reset after any
/// failure. Before writing it checks that the node is the configured chain and that the contracts exist;
/// otherwise it writes nothing, says why (<see cref="GetStateAsync"/>), and items keep queueing.
/// Nothing is written twice: a Sent item's receipt is checked, then the contract's "already recorded"
/// view, before anything is resent; and the contracts themselves are idempotent per slot and session.
/// On a real chain an item counts as Confirmed only <see cref="OutboxWriterOptions.ConfirmationDepth"/> blocks
/// deep (a reorg before that makes it be sent again), a stuck transaction is replaced at its nonce, a batch too
/// large for a block is halved, and an item that can never land is parked as Failed and shown in the state
/// (<see cref="OutboxWriterState.FailedCount"/>) instead of holding up the queue.
/// </summary>
/// <remarks>
/// This class runs the pass and decides what a failure means for the items; the parts do the rest: the
/// <see cref="OutboxPollLoop"/> when to pass again, the <see cref="ChainHealthTracker"/> what the API shows,
/// the <see cref="ChainIdentityCheck"/> whether the chain may be written, one <see cref="IOutboxItemSender"/>
/// per item kind how it is written, the <see cref="ReceiptReconciler"/> how it is confirmed.
/// </remarks>
public sealed class OutboxWriter
{
    private readonly ChainOutboxRepository _outbox;
    private readonly ChainConnection _chain;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ChainHealthTracker _health;
    private readonly OutboxPollLoop _loop;
    private readonly ChainIdentityCheck _identity;
    private readonly AssetIndexCache _assetIndices;
    private readonly ReceiptReconciler _receipts;
    private readonly Dictionary<string, IOutboxItemSender> _senders;
    private readonly SemaphoreSlim _singlePass = new(1, 1);

    public OutboxWriter(
        ChainOutboxRepository outbox,
        ChainConnection chain,
        ChainAddresses addresses,
        ChainSite site,
        TimeProvider time,
        OutboxWriterOptions? options = null,
        ILogger<OutboxWriter>? logger = null)
    {
        _outbox = outbox;
        _chain = chain;
        _time = time;
        options ??= new OutboxWriterOptions();
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _health = new ChainHealthTracker(time, _logger, chain.RpcUrl, addresses.ChainId);
        _loop = new OutboxPollLoop(options, time);

        var status = new AssetStatusClient(chain.Web3, addresses.AssetStatus);
        var settlement = new ChargingSettlementClient(chain.Web3, addresses.ChargingSettlement);
        var algorithms = new AlgorithmRegistryClient(chain.Web3, addresses.AlgorithmRegistry);
        var registry = new AssetRegistryClient(chain.Web3, addresses.AssetRegistry);
        var rpc = new ChainRpc(time, options.RpcTimeout);
        _identity = new ChainIdentityCheck(chain, addresses, site, rpc, siteRole =>
        [
            (registry, siteRole, "the site's operator role"),
            (status, siteRole, "the site's operator role"),
            (settlement, siteRole, "the site's operator role"),
            (algorithms, ChainIds.OperatorRole, "OPERATOR_ROLE"),
        ]);
        _assetIndices = new AssetIndexCache(registry, site.Id, rpc);

        var reverts = new ContractRevertDecoder(chain.Address);
        var replacer = new StuckTransactionReplacer(outbox, chain, rpc, time, options, _logger);
        var receipts = new ReceiptReconciler(outbox, chain, addresses, rpc, replacer, time, options, _logger);
        _receipts = receipts;
        var transactions = new ContractTransactionSender(outbox, chain, rpc, receipts, reverts, time, options);
        IOutboxItemSender[] senders =
        [
            new SlotStatusSender(status, site, _assetIndices, rpc, receipts, transactions),
            new SettlementSender(settlement, site, addresses.DeployedAtBlock, outbox, rpc, receipts, transactions, time, options, _logger),
            new SettlementAllocationSender(settlement, site, addresses.DeployedAtBlock, chain, rpc, receipts, transactions),
            new AlgorithmPublicationSender(algorithms, rpc, receipts, transactions),
            new AssetRegistrationSender(registry, site.Id, chain, _assetIndices, rpc, receipts, reverts),
        ];
        _senders = senders.ToDictionary(s => s.Kind, StringComparer.Ordinal);
    }

    public ChainHealth Health => _health.Health;

    /// <summary>Runs until cancelled: drains, then waits (poll interval, or a growing backoff after a failure).</summary>
    public Task RunAsync(CancellationToken ct) => _loop.RunAsync(PassAsync, ct);

    /// <summary>Ends the current wait at once (call after enqueueing), so the item leaves without waiting for the poll.</summary>
    public void Wake() => _loop.Wake();

    /// <summary>One pass: check the chain, then send until the outbox is empty or the node fails.</summary>
    public async Task<DrainOutcome> DrainOnceAsync(CancellationToken ct = default)
    {
        await _singlePass.WaitAsync(ct);
        try
        {
            try
            {
                var reconnecting = _health.Health != ChainHealth.Healthy;
                await _identity.VerifyAsync(reconnecting, ct);
                if (reconnecting)
                {
                    // A (re)connected chain may be a redeployment: forget the cached asset indices.
                    _assetIndices.Clear();
                }

                _health.Set(ChainHealth.Healthy, null);
            }
            catch (ChainNotUsableException e)
            {
                _health.Set(e.Health, e.Message);
                return DrainOutcome.ChainNotUsable;
            }
            catch (Exception e) when (NodeFailures.IsTransient(e, ct))
            {
                _health.Set(ChainHealth.Unreachable, $"The chain node at {_chain.RpcUrl} does not answer: {_chain.Scrub(NodeFailures.Describe(e))}");
                return DrainOutcome.NodeUnreachable;
            }

            var worked = false;
            _receipts.BeginPass();
            // Per pass: a kind's batch halves each time the node says it needs more gas than a block holds.
            var batchCaps = new Dictionary<string, int>(StringComparer.Ordinal);
            while (true)
            {
                // Items mined but not yet deep enough are left for the next pass; the ones behind them go on.
                var awaiting = _receipts.AwaitingDepth;
                // Only the head first: a slot's payload is read for its one transaction, not with the 99 behind it
                // (~110 KB each at 1,000 connectors; docs/bench/chain-writer.md).
                var head = await NextItemAsync(null, awaiting, ct);
                if (head is null)
                {
                    return worked ? DrainOutcome.Drained : DrainOutcome.Idle;
                }

                worked = true;
                if (head.Kind == ChainOutboxKinds.Settlement && await NextItemAsync(ChainOutboxKinds.SettlementAllocation, awaiting, ct) is { } allocation)
                {
                    // The bitmap words the settlements need go first, whatever their place in the queue (decision 0366).
                    head = allocation;
                }

                var kind = head.Kind;
                var sender = _senders.GetValueOrDefault(kind);
                var cap = Math.Min(sender?.MaxBatchSize ?? 1, batchCaps.GetValueOrDefault(kind, int.MaxValue));
                var batch = cap == 1
                    ? [head]
                    : (await _outbox.ListUnconfirmedAsync(null, cap + awaiting.Count, ct))
                        .Where(i => !awaiting.Contains(i.Id)).TakeWhile(i => i.Kind == kind).Take(cap).ToList();
                var ids = batch.Select(i => i.Id).ToList();
                try
                {
                    await (sender?.SendAsync(batch, ct)
                        ?? throw new PermanentItemException($"Unknown chain outbox kind '{kind}'."));
                }
                catch (TransactionTooLargeException e) when (batch.Count > 1)
                {
                    batchCaps[kind] = batch.Count / 2;
                    _logger.LogWarning("Chain outbox items {Ids}: {Error} Sending them {Cap} at a time.", ids, e.Message, batch.Count / 2);
                }
                catch (Exception e) when (e is PermanentItemException or TransactionTooLargeException)
                {
                    // Parked: the item can never land as it is; it stays visible (FailedCount, LastFailure) and the queue goes on.
                    _logger.LogWarning("Chain outbox items {Ids} failed for good: {Error}", ids, e.Message);
                    await _outbox.RecordFailureAsync(NotMined(ids), e.Message, permanent: true, _time.GetUtcNow(), ct);
                }
                catch (ChainNotUsableException e)
                {
                    await _chain.ResetNonceAsync();
                    _health.Set(e.Health, e.Message);
                    return DrainOutcome.ChainNotUsable;
                }
                catch (Exception e) when (NodeFailures.IsTransient(e, ct))
                {
                    await _chain.ResetNonceAsync();
                    var message = $"The chain node at {_chain.RpcUrl} failed: {_chain.Scrub(NodeFailures.Describe(e))}";
                    await _outbox.RecordFailureAsync(NotMined(ids), message, permanent: false, _time.GetUtcNow(), ct);
                    _health.Set(ChainHealth.Unreachable, message);
                    return DrainOutcome.NodeUnreachable;
                }
            }
        }
        finally
        {
            _singlePass.Release();
        }
    }

    public async Task<OutboxWriterState> GetStateAsync(CancellationToken ct = default)
    {
        var stats = await _outbox.GetStatsAsync(ct);
        return _health.Describe(stats, _loop.NextAttemptAt);
    }

    /// <summary>The oldest unconfirmed item (of <paramref name="kind"/>, or any) that is not awaiting its depth.</summary>
    private async Task<OutboxItem?> NextItemAsync(string? kind, IReadOnlySet<long> awaiting, CancellationToken ct) =>
        (await _outbox.ListUnconfirmedAsync(kind, 1 + awaiting.Count, ct)).FirstOrDefault(i => !awaiting.Contains(i.Id));

    /// <summary>A batch's items minus those found mined (awaiting depth) before the failure: those stay Sent.</summary>
    private List<long> NotMined(List<long> ids) => ids.Where(id => !_receipts.AwaitingDepth.Contains(id)).ToList();

    /// <summary>A pass for the loop: any failure other than cancellation is reported and counts as an unreachable node.</summary>
    private async Task<DrainOutcome> PassAsync(CancellationToken ct)
    {
        try
        {
            return await DrainOnceAsync(ct);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // E.g. the database is briefly unavailable: keep the loop alive, report, retry later.
            _logger.LogError(e, "Chain outbox pass failed");
            _health.NoteError(e.Message);
            return DrainOutcome.NodeUnreachable;
        }
    }
}
