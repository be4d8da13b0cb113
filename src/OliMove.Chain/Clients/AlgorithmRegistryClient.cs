using Nethereum.RPC.Eth.DTOs;
using Nethereum.Web3;
using OliMove.Chain.Contracts;

namespace OliMove.Chain.Clients;

/// <summary>Typed client of AlgorithmRegistry.</summary>
public sealed class AlgorithmRegistryClient(IWeb3 web3, string address) : AccessControlledClient(web3, address)
{
    public Task<TransactionReceipt> PublishAsync(
        uint version, byte[] codeHash, byte[] parametersHash, string description, CancellationToken ct = default) =>
        SendAsync(new PublishAlgorithmFunction
        {
            Version = version,
            CodeHash = codeHash,
            ParametersHash = parametersHash,
            Description = description,
        }, ct);

    public Task<bool> IsPublishedAsync(uint version) =>
        QueryAsync<IsPublishedFunction, bool>(new IsPublishedFunction { Version = version });

    /// <summary>The number the pair was published under, 0 if never.</summary>
    public Task<uint> VersionForAsync(byte[] codeHash, byte[] parametersHash) =>
        QueryAsync<VersionForFunction, uint>(new VersionForFunction { CodeHash = codeHash, ParametersHash = parametersHash });

    /// <summary>The highest number published so far, 0 before the first.</summary>
    public Task<uint> LatestVersionAsync() => QueryAsync<LatestVersionFunction, uint>(new LatestVersionFunction());
}
