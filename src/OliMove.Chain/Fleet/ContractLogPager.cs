using System.Numerics;
using Nethereum.Hex.HexTypes;
using Nethereum.JsonRpc.Client;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.Web3;

namespace OliMove.Chain.Fleet;

/// <summary>
/// Reads the logs of some contracts and events over a block range in pages of at most
/// <paramref name="blocksPerPage"/> blocks, one <c>eth_getLogs</c> per page for all of them (addresses and event
/// signatures each OR-ed), so a long chain is never asked for in one call. A node that refuses a page (public
/// providers limit the range or the number of results, each with its own error text) gets the same start again
/// with half the range, down to one block; a single block it refuses is an error.
/// </summary>
public sealed class ContractLogPager(IWeb3 web3, long blocksPerPage)
{
    private readonly long _blocksPerPage = blocksPerPage > 0 ? blocksPerPage : throw new ArgumentOutOfRangeException(nameof(blocksPerPage), "A page holds at least one block.");

    /// <summary>How many <c>eth_getLogs</c> calls were answered so far (one per page).</summary>
    public int Requests { get; private set; }

    /// <summary>The logs of <paramref name="addresses"/> whose first topic is one of <paramref name="eventTopics"/>, in block and log order.</summary>
    public async Task<IReadOnlyList<FilterLog>> ReadAsync(
        IReadOnlyList<string> addresses, IReadOnlyList<string> eventTopics, BigInteger fromBlock, BigInteger toBlock, CancellationToken ct = default)
    {
        var logs = new List<FilterLog>();
        var page = new BigInteger(_blocksPerPage);
        var start = fromBlock;
        while (start <= toBlock)
        {
            ct.ThrowIfCancellationRequested();
            var end = BigInteger.Min(start + page - 1, toBlock);
            FilterLog[] chunk;
            try
            {
                chunk = await web3.Eth.Filters.GetLogs.SendRequestAsync(new NewFilterInput
                {
                    Address = [.. addresses],
                    FromBlock = new BlockParameter(new HexBigInteger(start)),
                    ToBlock = new BlockParameter(new HexBigInteger(end)),
                    // One topic position holding an array means any of them (eth_getLogs' OR).
                    Topics = [eventTopics.ToArray()],
                }).WaitAsync(ct);
            }
            catch (RpcResponseException) when (end > start)
            {
                page = BigInteger.Max(BigInteger.One, (end - start + 1) / 2);
                continue;
            }

            Requests++;
            logs.AddRange(chunk);
            start = end + 1;
        }

        return logs;
    }
}
