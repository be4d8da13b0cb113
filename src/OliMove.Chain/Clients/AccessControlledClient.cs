using System.Globalization;
using System.Numerics;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;
using Nethereum.Hex.HexTypes;
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

    /// <summary>
    /// This contract's <typeparamref name="TEvent"/> logs in block order, filtered by indexed topics given as hex
    /// (null: any). Topics are passed as hex because Nethereum encodes a byte[] topic as dynamic bytes, which
    /// never matches a bytes32 topic.
    /// </summary>
    protected async Task<IReadOnlyList<TEvent>> GetEventsAsync<TEvent>(BigInteger? fromBlock, params string?[] topics)
        where TEvent : IEventDTO, new()
    {
        var filter = new NewFilterInput
        {
            Address = [Address],
            FromBlock = fromBlock is { } b ? new BlockParameter(new HexBigInteger(b)) : BlockParameter.CreateEarliest(),
            ToBlock = BlockParameter.CreateLatest(),
            Topics = [(object)("0x" + ABITypedRegistry.GetEvent<TEvent>().Sha3Signature), .. topics.Cast<object>()],
        };
        var logs = await Web3.Eth.Filters.GetLogs.SendRequestAsync(filter);
        return logs.DecodeAllEvents<TEvent>().Select(l => l.Event).ToList();
    }

    /// <summary>A bytes32 as a log topic.</summary>
    protected static string Topic(byte[] bytes32) => "0x" + Convert.ToHexStringLower(bytes32);

    /// <summary>An indexed unsigned integer as a log topic: 32 bytes, hex.</summary>
    protected static string Topic(ulong value) => "0x" + value.ToString("x64", CultureInfo.InvariantCulture);
}
