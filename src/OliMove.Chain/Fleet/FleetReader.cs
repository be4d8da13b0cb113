using System.Numerics;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;
using Nethereum.Hex.HexTypes;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.Web3;
using OliMove.Chain.Clients;
using OliMove.Chain.Contracts;

namespace OliMove.Chain.Fleet;

/// <summary>
/// The fleet view: reads a CPO's contracts (the shared ledger of its sites) with no key and folds their events per
/// site: SiteRegistered (AssetRegistry), SlotCommitted (AssetStatus), Settled (ChargingSettlement) and
/// AlgorithmPublished (AlgorithmRegistry), all four in one paged log read from the deployment block to the head
/// less <see cref="FleetReadOptions.Confirmations"/>. Then, per site, two calls for its newest commitment: its
/// block's time and the commitment the contract stores (<see cref="FleetLastCommitment"/>).
/// </summary>
public sealed class FleetReader(IWeb3 web3, ChainAddresses addresses, FleetReadOptions? options = null)
{
    private readonly FleetReadOptions _options = options ?? new FleetReadOptions();

    public async Task<FleetView> ReadAsync(CancellationToken ct = default)
    {
        var chainId = (long)(await web3.Eth.ChainId.SendRequestAsync().WaitAsync(ct)).Value;
        var head = (await web3.Eth.Blocks.GetBlockNumber.SendRequestAsync().WaitAsync(ct)).Value;
        var from = new BigInteger(addresses.DeployedAtBlock);
        var to = head - _options.Confirmations;
        var pager = new ContractLogPager(web3, _options.BlocksPerPage);
        var logs = to < from ? [] : await pager.ReadAsync(
            [addresses.AssetRegistry, addresses.AssetStatus, addresses.ChargingSettlement, addresses.AlgorithmRegistry],
            [Topic<SiteRegisteredEvent>(), Topic<SlotCommittedEvent>(), Topic<SettledEvent>(), Topic<AlgorithmPublishedEvent>()],
            from, to, ct);

        var sites = new Dictionary<string, FleetSiteTally>(StringComparer.Ordinal);
        FleetSiteTally Site(byte[] siteId)
        {
            var hex = "0x" + Convert.ToHexStringLower(siteId);
            if (!sites.TryGetValue(hex, out var tally))
            {
                tally = new FleetSiteTally(hex);
                sites[hex] = tally;
            }

            return tally;
        }

        foreach (var e in Of<SiteRegisteredEvent>(logs, addresses.AssetRegistry))
        {
            Site(e.Event.SiteId).Registered(e.Event);
        }

        foreach (var e in Of<SlotCommittedEvent>(logs, addresses.AssetStatus))
        {
            Site(e.Event.SiteId).Committed(e.Event, (long)e.Log.BlockNumber.Value);
        }

        foreach (var e in Of<SettledEvent>(logs, addresses.ChargingSettlement))
        {
            Site(e.Event.SiteId).Settled(e.Event);
        }

        var algorithms = Of<AlgorithmPublishedEvent>(logs, addresses.AlgorithmRegistry)
            .Select(e => new FleetAlgorithm(e.Event.Version, Convert.ToHexStringLower(e.Event.CodeHash), Convert.ToHexStringLower(e.Event.ParametersHash), e.Event.Description))
            .GroupBy(a => a.Version).Select(g => g.First()).OrderBy(a => a.Version).ToList();
        var codeHashes = algorithms.ToDictionary(a => a.Version, a => a.CodeHash);

        var status = new AssetStatusClient(web3, addresses.AssetStatus);
        var result = new List<FleetSite>();
        foreach (var tally in sites.Values.OrderBy(s => s.Name ?? "\uffff", StringComparer.Ordinal).ThenBy(s => s.SiteIdHex, StringComparer.Ordinal))
        {
            result.Add(new FleetSite(
                tally.SiteIdHex,
                tally.Name,
                tally.Operator,
                tally.SlotsCommitted,
                tally.FirstSlot,
                tally.LastSlot,
                tally.StatusRows,
                tally.EnergyWh,
                tally.SessionsSettled,
                tally.BillMilliCents,
                tally.TokensBaseUnits,
                tally.Versions.OrderBy(v => v.Key).Select(v => new FleetAlgorithmUse(v.Key, v.Value, codeHashes.GetValueOrDefault(v.Key))).ToList(),
                await LastCommitmentAsync(status, tally, codeHashes, ct)));
        }

        return new FleetView(chainId, (long)from, (long)to, pager.Requests, result, algorithms);
    }

    private async Task<FleetLastCommitment?> LastCommitmentAsync(
        AssetStatusClient status, FleetSiteTally tally, IReadOnlyDictionary<uint, string> published, CancellationToken ct)
    {
        if (tally.Newest is not { } newest)
        {
            return null;
        }

        var e = newest.Event;
        var block = await web3.Eth.Blocks.GetBlockWithTransactionsHashesByNumber.SendRequestAsync(new HexBigInteger(newest.Block)).WaitAsync(ct);
        var stored = await status.SlotCommitmentAsync(tally.SiteId, e.SlotId).WaitAsync(ct);
        var recomputed = ChainIds.CommitmentHash(tally.SiteId, e.SlotId, e.AlgorithmVersion, e.InputHash, e.OutputHash, e.RowsHash, e.RowCount);
        return new FleetLastCommitment(
            new FleetSlot(e.SlotId),
            e.AlgorithmVersion,
            newest.Block,
            DateTimeOffset.FromUnixTimeSeconds((long)block.Timestamp.Value),
            stored.AsSpan().SequenceEqual(recomputed),
            published.ContainsKey(e.AlgorithmVersion));
    }

    private static string Topic<TEvent>() where TEvent : IEventDTO, new() => "0x" + ABITypedRegistry.GetEvent<TEvent>().Sha3Signature;

    /// <summary>The logs of one contract's <typeparamref name="TEvent"/>, decoded, in block order.</summary>
    private static List<EventLog<TEvent>> Of<TEvent>(IReadOnlyList<FilterLog> logs, string contract) where TEvent : IEventDTO, new() =>
        logs.Where(l => string.Equals(l.Address, contract, StringComparison.OrdinalIgnoreCase)).ToArray().DecodeAllEvents<TEvent>();
}
