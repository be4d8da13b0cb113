using Nethereum.RPC.Eth.DTOs;
using Nethereum.Web3;
using OliMove.Chain.Contracts;

namespace OliMove.Chain.Clients;

/// <summary>The OpenZeppelin AccessControl part shared by the OliMove contracts.</summary>
public abstract class AccessControlledClient(IWeb3 web3, string address)
{
    public string Address { get; } = address;

    protected IWeb3 Web3 { get; } = web3;

    public Task<bool> HasRoleAsync(byte[] role, string account) =>
        Web3.Eth.GetContractQueryHandler<HasRoleFunction>()
            .QueryAsync<bool>(Address, new HasRoleFunction { Role = role, Account = account });

    public Task<TransactionReceipt> GrantRoleAsync(byte[] role, string account, CancellationToken ct = default) =>
        SendAsync(new GrantRoleFunction { Role = role, Account = account }, ct);

    protected Task<TransactionReceipt> SendAsync<TFunction>(TFunction function, CancellationToken ct)
        where TFunction : Nethereum.Contracts.FunctionMessage, new() =>
        Web3.Eth.GetContractTransactionHandler<TFunction>()
            .SendRequestAndWaitForReceiptAsync(Address, function, ct);

    protected Task<TOut> QueryAsync<TFunction, TOut>(TFunction function)
        where TFunction : Nethereum.Contracts.FunctionMessage, new() =>
        Web3.Eth.GetContractQueryHandler<TFunction>().QueryAsync<TOut>(Address, function);
}
