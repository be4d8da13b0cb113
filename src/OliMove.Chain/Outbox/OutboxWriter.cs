using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using OliMove.Chain.Clients;
using OliMove.Storage;

namespace OliMove.Chain;

/// <summary>
/// The single writer that drains the chain outbox, oldest item first: one transaction per slot (all its
/// rows), consecutive settlements in one transaction. One account, serialized sends, nonce reset after any
/// failure. Before writing it checks that the node is the configured chain and that the contracts exist;
/// otherwise it writes nothing, says why (<see cref="GetStateAsync"/>), and items keep queueing.
/// Nothing is written twice: a Sent item's receipt is checked, then the contract's "already recorded"
/// view, before anything is resent; and the contracts themselves are idempotent per slot and session.
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
    private readonly Dictionary<string, IOutboxItemSender> _senders;
    private readonly SemaphoreSlim _singlePass = new(1, 1);

    public OutboxWriter(
        ChainOutboxRepository outbox,
        ChainConnection chain,
        ChainAddresses addresses,
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
        _identity = new ChainIdentityCheck(chain, addresses, rpc, [registry, algorithms, status, settlement]);
        _assetIndices = new AssetIndexCache(registry, rpc);

        var reverts = new ContractRevertDecoder(chain.Address);
        var receipts = new ReceiptReconciler(outbox, chain, addresses, rpc, time, options, _logger);
        var transactions = new ContractTransactionSender(outbox, chain, rpc, receipts, reverts, time, options);
        IOutboxItemSender[] senders =
        [
            new SlotStatusSender(status, _assetIndices, rpc, receipts, transactions),
            new SettlementSender(settlement, outbox, rpc, receipts, transactions, time, options),
            new AlgorithmPublicationSender(algorithms, rpc, receipts, transactions),
            new AssetRegistrationSender(registry, chain, _assetIndices, rpc, receipts, reverts),
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
                _health.Set(ChainHealth.Unreachable, $"The chain node at {_chain.RpcUrl} does not answer: {NodeFailures.Describe(e)}");
                return DrainOutcome.NodeUnreachable;
            }

            var worked = false;
            while (true)
            {
                var items = await _outbox.ListUnconfirmedAsync(null, 100, ct);
                if (items.Count == 0)
                {
                    return worked ? DrainOutcome.Drained : DrainOutcome.Idle;
                }

                worked = true;
                var sender = _senders.GetValueOrDefault(items[0].Kind);
                var batch = items.TakeWhile(i => i.Kind == items[0].Kind).Take(sender?.MaxBatchSize ?? 1).ToList();
                var ids = batch.Select(i => i.Id).ToList();
                try
                {
                    await (sender?.SendAsync(batch, ct)
                        ?? throw new PermanentItemException($"Unknown chain outbox kind '{items[0].Kind}'."));
                }
                catch (PermanentItemException e)
                {
                    _logger.LogWarning("Chain outbox items {Ids} failed for good: {Error}", ids, e.Message);
                    await _outbox.RecordFailureAsync(ids, e.Message, permanent: true, _time.GetUtcNow(), ct);
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
                    var message = $"The chain node at {_chain.RpcUrl} failed: {NodeFailures.Describe(e)}";
                    await _outbox.RecordFailureAsync(ids, message, permanent: false, _time.GetUtcNow(), ct);
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
