using System.Numerics;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.Web3;
using OliMove.Chain.Contracts;

namespace OliMove.Chain.Clients;

/// <summary>Typed client of SC3 ChargingSettlement; sessions are keyed by (site, transaction number), details in Settled events.</summary>
public sealed class ChargingSettlementClient(IWeb3 web3, string address) : AccessControlledClient(web3, address)
{
    public Task<TransactionReceipt> SettleAsync(byte[] siteId, IReadOnlyList<SessionSettlementStruct> sessions, CancellationToken ct = default) =>
        SendAsync(new SettleFunction { SiteId = siteId, Sessions = sessions.ToList() }, ct);

    public Task<bool> IsSettledAsync(byte[] siteId, ulong sessionNumber) =>
        QueryAsync<IsSettledFunction, bool>(new IsSettledFunction { SiteId = siteId, SessionNumber = sessionNumber });

    /// <returns>
    /// The session's Settled event (the only record of its details on chain), or null when the site's session is
    /// not settled. The contract settles a session once, so there is at most one.
    /// </returns>
    /// <param name="fromBlock">Where to start reading logs (the deployment's block); null: the earliest.</param>
    public async Task<SettledEvent?> GetSettlementAsync(byte[] siteId, ulong sessionNumber, BigInteger? fromBlock = null) =>
        await IsSettledAsync(siteId, sessionNumber)
            ? (await GetSettledEventsAsync(siteId, sessionNumber, fromBlock)).FirstOrDefault()
            : null;

    /// <summary>Pre-allocates <paramref name="words"/> bitmap words (255 session numbers each) from <paramref name="fromNumber"/>'s word on.</summary>
    public Task<TransactionReceipt> AllocateAsync(byte[] siteId, ulong fromNumber, int words, CancellationToken ct = default) =>
        SendAsync(new AllocateFunction { SiteId = siteId, FromNumber = fromNumber, Words = words }, ct);

    /// <summary>The highest session number of the site whose bitmap word is allocated (0: none).</summary>
    public Task<ulong> AllocatedThroughAsync(byte[] siteId) =>
        QueryAsync<AllocatedThroughFunction, ulong>(new AllocatedThroughFunction { SiteId = siteId });

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
    public Task<IReadOnlyList<SettledEvent>> GetSettledEventsAsync(byte[] siteId, ulong? sessionNumber = null, BigInteger? fromBlock = null) =>
        GetEventsAsync<SettledEvent>(fromBlock, Topic(siteId), sessionNumber is { } n ? Topic(n) : null);
}
