using System.Numerics;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.Web3;
using OliMove.Chain.Contracts;

namespace OliMove.Chain.Clients;

/// <summary>Typed client of the FlexToken ERC-20 (18 decimals).</summary>
public sealed class FlexTokenClient(IWeb3 web3, string address)
{
    public const int Decimals = 18;

    public string Address { get; } = address;

    public Task<BigInteger> BalanceOfAsync(string account) =>
        web3.Eth.GetContractQueryHandler<BalanceOfFunction>()
            .QueryAsync<BigInteger>(Address, new BalanceOfFunction { Account = account });

    public Task<BigInteger> TotalSupplyAsync() =>
        web3.Eth.GetContractQueryHandler<TotalSupplyFunction>().QueryAsync<BigInteger>(Address, new TotalSupplyFunction());

    /// <summary>Only the settlement contract may mint; anyone else gets the NotMinter revert.</summary>
    public Task<TransactionReceipt> MintAsync(string to, BigInteger amount, CancellationToken ct = default) =>
        web3.Eth.GetContractTransactionHandler<MintFunction>()
            .SendRequestAndWaitForReceiptAsync(Address, new MintFunction { To = to, Amount = amount }, ct);

    /// <summary>Base units (10^-18 token) to whole tokens, truncated to 9 decimal places for display.</summary>
    public static decimal ToTokens(BigInteger baseUnits) =>
        (decimal)(baseUnits / BigInteger.Pow(10, 9)) / 1_000_000_000m;
}
