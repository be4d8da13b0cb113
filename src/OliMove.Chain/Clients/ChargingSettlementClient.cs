using System.Numerics;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.Web3;
using OliMove.Chain.Contracts;

namespace OliMove.Chain.Clients;

/// <summary>Typed client of SC3 ChargingSettlement.</summary>
public sealed class ChargingSettlementClient(IWeb3 web3, string address) : AccessControlledClient(web3, address)
{
    public Task<TransactionReceipt> SettleAsync(IReadOnlyList<SessionSettlementStruct> sessions, CancellationToken ct = default) =>
        SendAsync(new SettleFunction { Sessions = sessions.ToList() }, ct);

    public Task<bool> IsSettledAsync(byte[] sessionId) =>
        QueryAsync<IsSettledFunction, bool>(new IsSettledFunction { SessionId = sessionId });

    /// <returns>The stored bill, or null when the session is not settled.</returns>
    public async Task<BillOutput?> GetBillAsync(byte[] sessionId) =>
        await IsSettledAsync(sessionId)
            ? await Web3.Eth.GetContractQueryHandler<BillOfFunction>()
                .QueryDeserializingToObjectAsync<BillOutput>(new BillOfFunction { SessionId = sessionId }, Address)
            : null;

    public Task<string> TokenAddressAsync() => QueryAsync<TokenFunction, string>(new TokenFunction());

    public Task<TransactionReceipt> SetTariffAsync(uint centsPerKWh, CancellationToken ct = default) =>
        SendAsync(new SetTariffFunction { NewTariffCentsPerKWh = centsPerKWh }, ct);

    public Task<TransactionReceipt> SetTokenRateAsync(BigInteger tokensPerWhH, CancellationToken ct = default) =>
        SendAsync(new SetTokenRateFunction { NewTokensPerWhH = tokensPerWhH }, ct);

    /// <summary>Settled events in block order (optionally only those of one session).</summary>
    public async Task<IReadOnlyList<SettledEvent>> GetSettledEventsAsync(byte[]? sessionId = null)
    {
        var handler = Web3.Eth.GetEvent<SettledEvent>(Address);
        var filter = handler.CreateFilterInput(BlockParameter.CreateEarliest(), BlockParameter.CreateLatest());
        var logs = await handler.GetAllChangesAsync(filter);
        // Filtered here: Nethereum encodes a byte[] topic as dynamic bytes, which never matches a bytes32 topic.
        return logs.Select(l => l.Event)
            .Where(e => sessionId is null || e.SessionId.AsSpan().SequenceEqual(sessionId))
            .ToList();
    }
}
