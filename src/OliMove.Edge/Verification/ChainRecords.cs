using System.Numerics;
using Nethereum.Hex.HexTypes;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.Web3;
using OliMove.Chain;
using OliMove.Chain.Clients;
using OliMove.Chain.Contracts;

namespace OliMove.Edge.Verification;

/// <summary>
/// Reads commitments and algorithm publications from a node with no account: verifying needs no key, only the
/// RPC URL, the contract addresses the operator publishes and the site's id (records are keyed by site,
/// <see cref="ChainIds"/>). Events are read from the deployment block on.
/// </summary>
public sealed class ChainRecords : IChainRecords
{
    private readonly IWeb3 _web3;
    private readonly ChainAddresses _addresses;
    private readonly AssetStatusClient _status;
    private readonly ChainSite _site;

    public ChainRecords(string rpcUrl, ChainAddresses addresses, ChainSite site)
    {
        _site = site;
        _web3 = new Web3(rpcUrl);
        _addresses = addresses;
        _status = new AssetStatusClient(_web3, addresses.AssetStatus);
    }

    public async Task<IReadOnlyList<OnChainCommitment>> SlotCommitmentsAsync(ulong slotId, CancellationToken ct)
    {
        var events = await _status.GetSlotCommitmentsAsync(_site.Id, slotId, _addresses.DeployedAtBlock).WaitAsync(ct);
        return events.Select(e => new OnChainCommitment(e.SlotId, e.AlgorithmVersion, Convert.ToHexStringLower(e.InputHash), Convert.ToHexStringLower(e.OutputHash))).ToList();
    }

    public async Task<PublishedAlgorithm?> AlgorithmAsync(uint version, CancellationToken ct)
    {
        var handler = _web3.Eth.GetEvent<AlgorithmPublishedEvent>(_addresses.AlgorithmRegistry);
        var filter = handler.CreateFilterInput(version, new BlockParameter(new HexBigInteger(new BigInteger(_addresses.DeployedAtBlock))), BlockParameter.CreateLatest());
        var logs = await handler.GetAllChangesAsync(filter).WaitAsync(ct);
        // The registry refuses a second publication of a version, so the first event is the only one.
        return logs.Select(l => l.Event).Select(e => new PublishedAlgorithm(e.Version, Convert.ToHexStringLower(e.CodeHash), Convert.ToHexStringLower(e.ParametersHash), e.Description)).FirstOrDefault();
    }
}
