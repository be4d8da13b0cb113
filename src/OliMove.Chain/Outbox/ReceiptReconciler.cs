using Microsoft.Extensions.Logging;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;
using Nethereum.Hex.HexTypes;
using Nethereum.RPC.Eth.DTOs;
using OliMove.Storage;

namespace OliMove.Chain;

/// <summary>
/// Settles an item's state from what the chain says: an earlier send's receipt, the contract's own event when
/// the record is there but its transaction is unknown, or a fresh receipt. Nothing counts as confirmed without
/// the contract's event, nor before <see cref="OutboxWriterOptions.ConfirmationDepth"/> blocks are built on it:
/// until then the item stays Sent and is looked at again on every pass, so a reorg that drops its transaction
/// is seen (no receipt, unknown to the node) and the record is sent again. A transaction still waiting in the
/// node's pool is replaced at the same nonce (<see cref="StuckTransactionReplacer"/>).
/// </summary>
internal sealed class ReceiptReconciler(
    ChainOutboxRepository outbox,
    ChainConnection chain,
    ChainAddresses addresses,
    ChainRpc rpc,
    StuckTransactionReplacer replacer,
    TimeProvider time,
    OutboxWriterOptions options,
    ILogger logger)
{
    /// <summary>The tx hash of an asset registration whose records all matched the chain already: there is no transaction to name.</summary>
    public const string UnchangedMarker = "unchanged";

    private readonly HashSet<long> _awaitingDepth = [];

    /// <summary>Items of this pass that are mined but not yet deep enough: the pass leaves them for the next one.</summary>
    public IReadOnlySet<long> AwaitingDepth => _awaitingDepth;

    /// <summary>Called by the writer at the start of each pass (one pass at a time).</summary>
    public void BeginPass() => _awaitingDepth.Clear();

    /// <summary>
    /// A Sent item (or one that failed after sending) may have landed: its receipt decides. True when nothing
    /// more is to be done now (confirmed, or mined and awaiting depth); false when the record must be looked up
    /// on the contract and, if absent, sent again.
    /// </summary>
    public async Task<bool> ConfirmFromEarlierSendAsync(IReadOnlyList<OutboxItem> items, Func<TransactionReceipt, bool> landed, CancellationToken ct)
    {
        if (items[0].TxHash is not { } txHash || txHash == UnchangedMarker)
        {
            return false;
        }

        var receipt = await rpc.CallAsync(chain.Web3.Eth.Transactions.GetTransactionReceipt.SendRequestAsync(txHash), ct);
        if (receipt is null)
        {
            var transaction = await rpc.CallAsync(chain.Web3.Eth.Transactions.GetTransactionByHash.SendRequestAsync(txHash), ct);
            if (transaction is null)
            {
                // Neither mined nor waiting: a reorg dropped it (or the pool evicted it), and its nonce is free again.
                logger.LogWarning("Chain outbox items {Ids}: transaction {TxHash} is no longer known to the node (reorg?); the contract decides whether to send again",
                    items.Select(i => i.Id).ToList(), txHash);
                await chain.ResetNonceAsync();
                return false;
            }

            if (transaction.BlockHash is not null)
            {
                return false;
            }

            txHash = await replacer.ReplaceAsync(items, transaction, ct);
            receipt = await WaitForReceiptAsync(txHash, ct);
        }

        if (receipt.Status?.Value != 1 || !landed(receipt))
        {
            return false;
        }

        await ConfirmAsync(items.Select(i => i.Id).ToList(), txHash, (long)receipt.BlockNumber.Value, ct);
        return true;
    }

    /// <summary>Already on chain but we do not know by which transaction: find it by its event's first indexed topic.</summary>
    public Task ConfirmFromLogAsync<TEvent>(IReadOnlyList<OutboxItem> items, string contract, string topic1, CancellationToken ct)
        where TEvent : IEventDTO, new() =>
        ConfirmFromLogAsync<TEvent>(items, contract, [topic1], ct);

    /// <summary>Already on chain but we do not know by which transaction: find it by its event's indexed topics (hex).</summary>
    public async Task ConfirmFromLogAsync<TEvent>(IReadOnlyList<OutboxItem> items, string contract, IReadOnlyList<string> topics, CancellationToken ct)
        where TEvent : IEventDTO, new()
    {
        var filter = new NewFilterInput
        {
            Address = [contract],
            FromBlock = new BlockParameter(new HexBigInteger(addresses.DeployedAtBlock)),
            ToBlock = BlockParameter.CreateLatest(),
            Topics = [(object)("0x" + ABITypedRegistry.GetEvent<TEvent>().Sha3Signature), .. topics.Cast<object>()],
        };
        var logs = await rpc.CallAsync(chain.Web3.Eth.Filters.GetLogs.SendRequestAsync(filter), ct);
        var first = logs.FirstOrDefault()
            ?? throw new ChainNotUsableException(ChainHealth.ContractsMissing,
                $"{contract} reports the item recorded but has no {typeof(TEvent).Name} for it; refusing to guess.");
        await ConfirmAsync(items.Select(i => i.Id).ToList(), first.TransactionHash, (long)first.BlockNumber.Value, ct);
    }

    /// <summary>Confirms the items once their block is <see cref="OutboxWriterOptions.ConfirmationDepth"/> deep; until then marks them Sent in <paramref name="txHash"/>.</summary>
    public async Task ConfirmAsync(IReadOnlyList<long> ids, string txHash, long block, CancellationToken ct)
    {
        if (options.ConfirmationDepth > 0 && txHash != UnchangedMarker)
        {
            var head = (long)(await rpc.CallAsync(chain.Web3.Eth.Blocks.GetBlockNumber.SendRequestAsync(), ct)).Value;
            if (head - block < options.ConfirmationDepth)
            {
                await outbox.MarkSentAsync(ids, txHash, time.GetUtcNow(), ct);
                _awaitingDepth.UnionWith(ids);
                logger.LogDebug("Chain outbox items {Ids} mined in block {Block} (tx {TxHash}), {Depth} of {Required} blocks deep",
                    ids, block, txHash, head - block, options.ConfirmationDepth);
                return;
            }
        }

        await outbox.MarkConfirmedAsync(ids, txHash, block, time.GetUtcNow(), ct);
        logger.LogInformation("Chain outbox items {Ids} confirmed in block {Block} (tx {TxHash})", ids, block, txHash);
    }
    /// <summary>Polls for the receipt; after <see cref="OutboxWriterOptions.ReceiptTimeout"/> the item stays Sent and the next pass looks again.</summary>
    public async Task<TransactionReceipt> WaitForReceiptAsync(string txHash, CancellationToken ct)
    {
        var deadline = time.GetUtcNow() + options.ReceiptTimeout;
        while (true)
        {
            var receipt = await rpc.CallAsync(chain.Web3.Eth.Transactions.GetTransactionReceipt.SendRequestAsync(txHash), ct);
            if (receipt is not null)
            {
                return receipt;
            }

            if (time.GetUtcNow() >= deadline)
            {
                throw new TimeoutException($"No receipt for {txHash} within {options.ReceiptTimeout}; it is checked again on the next pass.");
            }

            await Task.Delay(options.ReceiptPollInterval, time, ct);
        }
    }
}
