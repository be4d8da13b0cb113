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
}
