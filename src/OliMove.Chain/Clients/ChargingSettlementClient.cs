using System.Numerics;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.Web3;
using OliMove.Chain.Contracts;

namespace OliMove.Chain.Clients;

/// <summary>Typed client of SC3 ChargingSettlement; sessions are keyed by (site, session id).</summary>
public sealed class ChargingSettlementClient(IWeb3 web3, string address) : AccessControlledClient(web3, address)
{
    public Task<TransactionReceipt> SettleAsync(byte[] siteId, IReadOnlyList<SessionSettlementStruct> sessions, CancellationToken ct = default) =>
        SendAsync(new SettleFunction { SiteId = siteId, Sessions = sessions.ToList() }, ct);

    public Task<bool> IsSettledAsync(byte[] siteId, byte[] sessionId) =>
        QueryAsync<IsSettledFunction, bool>(new IsSettledFunction { SiteId = siteId, SessionId = sessionId });

    /// <returns>The stored bill, or null when the site's session is not settled.</returns>
    public async Task<BillOutput?> GetBillAsync(byte[] siteId, byte[] sessionId) =>
        await IsSettledAsync(siteId, sessionId)
            ? await Web3.Eth.GetContractQueryHandler<BillOfFunction>()
                .QueryDeserializingToObjectAsync<BillOutput>(new BillOfFunction { SiteId = siteId, SessionId = sessionId }, Address)
            : null;

    /// <summary>The CPO's tariff, token rate and per-session bounds, as the next settlement will use them.</summary>
    /// <param name="block">The block whose state to read (the rates a past settlement used); null: the latest.</param>
    public async Task<SettlementRates> GetRatesAsync(BlockParameter? block = null)
    {
        var r = await Web3.Eth.GetContractQueryHandler<RatesFunction>()
            .QueryDeserializingToObjectAsync<RatesOutput>(new RatesFunction(), Address, block ?? BlockParameter.CreateLatest());
        return new SettlementRates(r.Tariff, r.TokenRate, r.LaxityCapMinutes, r.MaxEnergyWhPerSession);
    }

    public Task<string> TokenAddressAsync() => QueryAsync<TokenFunction, string>(new TokenFunction());

    public Task<TransactionReceipt> SetTariffAsync(uint centsPerKWh, CancellationToken ct = default) =>
        SendAsync(new SetTariffFunction { NewTariffCentsPerKWh = centsPerKWh }, ct);

    public Task<TransactionReceipt> SetTokenRateAsync(BigInteger tokensPerWhH, CancellationToken ct = default) =>
        SendAsync(new SetTokenRateFunction { NewTokensPerWhH = tokensPerWhH }, ct);

    public Task<TransactionReceipt> SetBoundsAsync(ushort laxityCapMinutes, uint maxEnergyWhPerSession, CancellationToken ct = default) =>
        SendAsync(new SetBoundsFunction { LaxityCapMinutes = laxityCapMinutes, MaxEnergyWhPerSession = maxEnergyWhPerSession }, ct);

    /// <summary>A site's Settled events in block order (optionally only those of one session).</summary>
    public Task<IReadOnlyList<SettledEvent>> GetSettledEventsAsync(byte[] siteId, byte[]? sessionId = null) =>
        GetEventsAsync<SettledEvent>(null, Topic(siteId), sessionId is null ? null : Topic(sessionId));
}
