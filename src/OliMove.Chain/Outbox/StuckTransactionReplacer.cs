using System.Numerics;
using Microsoft.Extensions.Logging;
using Nethereum.Hex.HexTypes;
using Nethereum.RPC.Eth.DTOs;
using OliMove.Storage;

namespace OliMove.Chain;

/// <summary>
/// A transaction that waits in the node's pool past its receipt timeout (fees too low for the market) is
/// replaced at the same nonce by the same call with both EIP-1559 fees raised; sending the call again with a
/// new nonce would only queue behind the stuck one. Whichever of the two is mined, only one can be.
/// </summary>
internal sealed class StuckTransactionReplacer(
    ChainOutboxRepository outbox,
    ChainConnection chain,
    ChainRpc rpc,
    TimeProvider time,
    OutboxWriterOptions options,
    ILogger logger)
{
    /// <summary>Sends the replacement of <paramref name="stuck"/>, marks the items Sent with its hash and returns the hash.</summary>
    public async Task<string> ReplaceAsync(IReadOnlyList<OutboxItem> items, Transaction stuck, CancellationToken ct)
    {
        var latest = await rpc.CallAsync(chain.Web3.Eth.Blocks.GetBlockWithTransactionsHashesByNumber.SendRequestAsync(BlockParameter.CreateLatest()), ct);
        var baseFee = latest.BaseFeePerGas?.Value ?? BigInteger.Zero;
        var priority = Bump(stuck.MaxPriorityFeePerGas?.Value ?? stuck.GasPrice?.Value ?? BigInteger.One);
        // The bump alone may still be under a base fee that rose meanwhile: also cover twice the current one.
        var maxFee = BigInteger.Max(Bump(stuck.MaxFeePerGas?.Value ?? stuck.GasPrice?.Value ?? BigInteger.One), 2 * baseFee + priority);
        var replacement = new TransactionInput
        {
            From = chain.Address,
            To = stuck.To,
            Data = stuck.Input,
            Value = stuck.Value ?? new HexBigInteger(0),
            Gas = stuck.Gas,
            Nonce = stuck.Nonce,
            Type = new HexBigInteger(2),
            MaxFeePerGas = new HexBigInteger(maxFee),
            MaxPriorityFeePerGas = new HexBigInteger(priority),
        };
        var hash = await rpc.CallAsync(chain.Web3.TransactionManager.SendTransactionAsync(replacement), ct);
        await outbox.MarkSentAsync(items.Select(i => i.Id).ToList(), hash, time.GetUtcNow(), ct);
        logger.LogWarning(
            "Chain outbox items {Ids}: transaction {Stuck} stuck at nonce {Nonce}; replaced by {Hash} (max fee {MaxFee}, tip {Tip} wei)",
            items.Select(i => i.Id).ToList(), stuck.TransactionHash, stuck.Nonce.Value, hash, maxFee, priority);
        return hash;
    }

    private BigInteger Bump(BigInteger fee) => (fee * (100 + options.ReplacementFeeBumpPercent) + 99) / 100 + 1;
}
