using System.Numerics;
using Nethereum.Hex.HexTypes;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.Web3;
using OliMove.Chain;
using OliMove.Chain.Contracts;

namespace OliMove.Edge.Verification;

/// <summary>
/// Reads commitments, settlements and algorithm publications from a node with no account: verifying needs no key, only the
/// RPC URL, the contract addresses the operator publishes and the site's id (records are keyed by site,
/// <see cref="ChainIds"/>). Events are read from the deployment block on.
/// </summary>
public sealed class ChainRecords(string rpcUrl, ChainAddresses addresses, ChainSite site) : IChainRecords
{
    private readonly IWeb3 _web3 = new Web3(rpcUrl);

    private readonly Dictionary<BigInteger, DateTimeOffset> _blockTimes = [];

    private BlockParameter FromDeployment => new(new HexBigInteger(new BigInteger(addresses.DeployedAtBlock)));

    public async Task<long> ChainIdAsync(CancellationToken ct) => (long)(await _web3.Eth.ChainId.SendRequestAsync().WaitAsync(ct)).Value;

    public async Task<IReadOnlyList<OnChainCommitment>> SlotCommitmentsAsync(CancellationToken ct)
    {
        var handler = _web3.Eth.GetEvent<SlotCommittedEvent>(addresses.AssetStatus);
        // Only this site's commitments: the site id is the event's first indexed topic (decision 0256), given as
        // the raw bytes32 hex the contract emits.
        var filter = new NewFilterInput
        {
            Address = [addresses.AssetStatus],
            FromBlock = FromDeployment,
            ToBlock = BlockParameter.CreateLatest(),
            Topics = [(object)("0x" + handler.EventABI.Sha3Signature), "0x" + Convert.ToHexStringLower(site.Id)],
        };
        var logs = await handler.GetAllChangesAsync(filter).WaitAsync(ct);
        var commitments = new List<OnChainCommitment>();
        foreach (var log in logs)
        {
            var time = await BlockTimeAsync(log.Log.BlockNumber.Value, ct);
            var e = log.Event;
            commitments.Add(new OnChainCommitment(e.SlotId, e.AlgorithmVersion, Convert.ToHexStringLower(e.InputHash), Convert.ToHexStringLower(e.OutputHash), Convert.ToHexStringLower(e.RowsHash), e.RowCount, time));
        }

        return commitments;
    }

    public async Task<IReadOnlyList<OnChainSettlement>> SettlementsAsync(CancellationToken ct)
    {
        var handler = _web3.Eth.GetEvent<SettledEvent>(addresses.ChargingSettlement);
        var filter = new NewFilterInput
        {
            Address = [addresses.ChargingSettlement],
            FromBlock = FromDeployment,
            ToBlock = BlockParameter.CreateLatest(),
            Topics = [(object)("0x" + handler.EventABI.Sha3Signature), "0x" + Convert.ToHexStringLower(site.Id)],
        };
        var logs = await handler.GetAllChangesAsync(filter).WaitAsync(ct);
        var settlements = new List<OnChainSettlement>();
        foreach (var log in logs)
        {
            var block = log.Log.BlockNumber.Value;
            var e = log.Event;
            settlements.Add(new OnChainSettlement(
                e.SessionNumber, e.User, e.EnergyWh, e.BillMilliCents, e.FlexibilityWhH, e.Tokens, (ulong)block, await BlockTimeAsync(block, ct)));
        }

        return settlements;
    }

    public Task<SettlementRates> RatesAtAsync(ulong block, CancellationToken ct) =>
        new OliMove.Chain.Clients.ChargingSettlementClient(_web3, addresses.ChargingSettlement)
            .GetRatesAsync(new BlockParameter(new HexBigInteger(new BigInteger(block)))).WaitAsync(ct);

    public async Task<DateTimeOffset> LatestBlockTimeAsync(CancellationToken ct)
    {
        var latest = await _web3.Eth.Blocks.GetBlockNumber.SendRequestAsync().WaitAsync(ct);
        return await BlockTimeAsync(latest.Value, ct);
    }

    public Task<uint> AssetIndexAsync(string assetId, CancellationToken ct) =>
        new OliMove.Chain.Clients.AssetRegistryClient(_web3, addresses.AssetRegistry).IndexOfAsync(site.Id, assetId).WaitAsync(ct);

    public Task<uint> VersionForAsync(string codeHash, string parametersHash, CancellationToken ct) =>
        new OliMove.Chain.Clients.AlgorithmRegistryClient(_web3, addresses.AlgorithmRegistry)
            .VersionForAsync(Convert.FromHexString(codeHash), Convert.FromHexString(parametersHash)).WaitAsync(ct);

    public async Task<PublishedAlgorithm?> AlgorithmAsync(uint version, CancellationToken ct)
    {
        var handler = _web3.Eth.GetEvent<AlgorithmPublishedEvent>(addresses.AlgorithmRegistry);
        var filter = handler.CreateFilterInput(version, FromDeployment, BlockParameter.CreateLatest());
        var logs = await handler.GetAllChangesAsync(filter).WaitAsync(ct);
        // The registry refuses a second publication of a version, so the first event is the only one.
        return logs.Select(l => l.Event).Select(e => new PublishedAlgorithm(e.Version, Convert.ToHexStringLower(e.CodeHash), Convert.ToHexStringLower(e.ParametersHash), e.Description)).FirstOrDefault();
    }

    private async Task<DateTimeOffset> BlockTimeAsync(BigInteger block, CancellationToken ct)
    {
        if (!_blockTimes.TryGetValue(block, out var time))
        {
            var header = await _web3.Eth.Blocks.GetBlockWithTransactionsHashesByNumber.SendRequestAsync(new HexBigInteger(block)).WaitAsync(ct);
            time = DateTimeOffset.FromUnixTimeSeconds((long)header.Timestamp.Value);
            _blockTimes[block] = time;
        }

        return time;
    }
}
