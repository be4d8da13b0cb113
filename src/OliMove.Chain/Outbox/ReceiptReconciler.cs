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
/// the contract's event.
/// </summary>
internal sealed class ReceiptReconciler(
    ChainOutboxRepository outbox,
    ChainConnection chain,
    ChainAddresses addresses,
    ChainRpc rpc,
    TimeProvider time,
    OutboxWriterOptions options,
    ILogger logger)
{
    /// <summary>The tx hash of an asset registration whose records all matched the chain already: there is no transaction to name.</summary>
    public const string UnchangedMarker = "unchanged";

    /// <summary>A Sent item (or one that failed after sending) may have landed: its receipt decides.</summary>
    public async Task<bool> ConfirmFromEarlierSendAsync(IReadOnlyList<OutboxItem> items, Func<TransactionReceipt, bool> landed, CancellationToken ct)
    {
        if (items[0].TxHash is not { } txHash || txHash == UnchangedMarker)
        {
            return false;
        }

        var receipt = await rpc.CallAsync(chain.Web3.Eth.Transactions.GetTransactionReceipt.SendRequestAsync(txHash), ct);
        if (receipt is null || receipt.Status?.Value != 1 || !landed(receipt))
        {
            return false;
        }

        await ConfirmAsync(items.Select(i => i.Id).ToList(), txHash, (long)receipt.BlockNumber.Value, ct);
        return true;
    }

    /// <summary>Already on chain but we do not know by which transaction: find it by its event.</summary>
    public async Task ConfirmFromLogAsync<TEvent>(IReadOnlyList<OutboxItem> items, string contract, string topic1, CancellationToken ct)
        where TEvent : IEventDTO, new()
    {
        var filter = new NewFilterInput
        {
            Address = [contract],
            FromBlock = new BlockParameter(new HexBigInteger(addresses.DeployedAtBlock)),
            ToBlock = BlockParameter.CreateLatest(),
            Topics = ["0x" + ABITypedRegistry.GetEvent<TEvent>().Sha3Signature, topic1],
        };
        var logs = await rpc.CallAsync(chain.Web3.Eth.Filters.GetLogs.SendRequestAsync(filter), ct);
        var first = logs.FirstOrDefault()
            ?? throw new ChainNotUsableException(ChainHealth.ContractsMissing,
                $"{contract} reports the item recorded but has no {typeof(TEvent).Name} for it; refusing to guess.");
        await ConfirmAsync(items.Select(i => i.Id).ToList(), first.TransactionHash, (long)first.BlockNumber.Value, ct);
    }

    public async Task ConfirmAsync(IReadOnlyList<long> ids, string txHash, long block, CancellationToken ct)
    {
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
