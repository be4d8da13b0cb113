using Nethereum.ABI.FunctionEncoding;
using Nethereum.Contracts;
using Nethereum.JsonRpc.Client;
using Nethereum.RPC.Eth.DTOs;
using OliMove.Storage;

namespace OliMove.Chain;

/// <summary>
/// Sends one contract call for a batch of items: marks them Sent with the hash while waiting, confirms them
/// when the receipt carries the contract's event, and counts an on-chain revert as a failed attempt.
/// </summary>
internal sealed class ContractTransactionSender(
    ChainOutboxRepository outbox,
    ChainConnection chain,
    ChainRpc rpc,
    ReceiptReconciler receipts,
    ContractRevertDecoder reverts,
    TimeProvider time,
    OutboxWriterOptions options)
{
    /// <param name="landed">Whether a receipt holds the contract's event for these items.</param>
    /// <param name="alreadyDone">For a revert that says the record is already there: the confirmation to run instead; null for any other revert.</param>
    public async Task SendAndConfirmAsync<TFunction>(
        IReadOnlyList<OutboxItem> items,
        string contract,
        TFunction function,
        Func<TransactionReceipt, bool> landed,
        Func<SmartContractCustomErrorRevertException, Task?> alreadyDone,
        CancellationToken ct)
        where TFunction : FunctionMessage, new()
    {
        var ids = items.Select(i => i.Id).ToList();
        string txHash;
        try
        {
            txHash = await rpc.CallAsync(chain.Web3.Eth.GetContractTransactionHandler<TFunction>().SendRequestAsync(contract, function), ct);
        }
        catch (SmartContractCustomErrorRevertException e)
        {
            await chain.ResetNonceAsync();
            if (alreadyDone(e) is { } confirm)
            {
                await confirm;
                return;
            }

            if (e.ExceptionEncodedData is null or "" or "0x")
            {
                // A revert without data: a sub-call (the token mint) ran out of gas under the block's gas limit, which
                // the node reports as a plain revert. Halving the batch both fits it and isolates a truly bad item.
                var limit = await BlockGasLimitAsync(ct);
                if (items.Count > 1)
                {
                    throw new TransactionTooLargeException(
                        $"{items.Count} items in one transaction reverted without a reason (most likely more gas than the block limit of {limit}).", e);
                }

                throw new PermanentItemException(
                    $"The contract reverted without a reason: the transaction likely needs more gas than a block holds ({limit}).", e);
            }

            throw reverts.ToException(e);
        }
        catch (SmartContractRevertException e)
        {
            await chain.ResetNonceAsync();
            throw new PermanentItemException($"Reverted: {e.RevertMessage}", e);
        }
        catch (RpcResponseException e) when (NodeFailures.IsOverBlockGasLimit(e))
        {
            await chain.ResetNonceAsync();
            if (items.Count > 1)
            {
                throw new TransactionTooLargeException($"{items.Count} items in one transaction need more gas than a block holds.", e);
            }

            throw new PermanentItemException($"The transaction needs more gas than a block holds ({e.RpcError?.Message ?? e.Message}).", e);
        }

        // The hash is stored while the receipt is polled (the commit's fsync overlaps the node's answer), and it is
        // stored before anything else happens to these items; a crash before it lands leaves them as a crash right
        // after the send always did: the contract's view decides on the next start.
        var marked = outbox.MarkSentAsync(ids, txHash, time.GetUtcNow(), ct);
        TransactionReceipt receipt;
        try
        {
            receipt = await receipts.WaitForReceiptAsync(txHash, ct);
        }
        catch
        {
            // A receipt that does not come (stuck, node gone): the stored hash is what the next pass replaces or checks.
            await marked;
            throw;
        }

        await marked;
        if (receipt.Status?.Value == 1 && landed(receipt))
        {
            await receipts.ConfirmAsync(ids, txHash, (long)receipt.BlockNumber.Value, ct);
            return;
        }

        if (receipt.Status?.Value == 1)
        {
            // Mined, yet the contract emitted nothing: there is no contract behind the address any more.
            throw new ChainNotUsableException(ChainHealth.ContractsMissing,
                $"Transaction {txHash} to {contract} mined without the contract's event: the contract is gone (chain reset?).");
        }

        var permanent = items.Max(i => i.Attempts) + 1 >= options.MaxAttempts;
        await outbox.RecordFailureAsync(ids, $"Transaction {txHash} reverted on chain.", permanent, time.GetUtcNow(), ct);
    }

    /// <summary>The limit of the block being built (the node applies a changed limit from the next block on).</summary>
    private async Task<long> BlockGasLimitAsync(CancellationToken ct) =>
        (long)(await rpc.CallAsync(chain.Web3.Eth.Blocks.GetBlockWithTransactionsHashesByNumber.SendRequestAsync(BlockParameter.CreatePending()), ct)).GasLimit.Value;
}
