using Nethereum.RPC.Eth.DTOs;
using Nethereum.Web3;
using OliMove.Chain.Contracts;

namespace OliMove.Chain.Clients;

/// <summary>Typed client of SC1 AssetRegistry: the CPO's sites and each site's assets.</summary>
public sealed class AssetRegistryClient(IWeb3 web3, string address) : AccessControlledClient(web3, address)
{
    /// <summary>Admin only: binds the site to the one operator account that writes for it.</summary>
    public Task<TransactionReceipt> RegisterSiteAsync(byte[] siteId, string operatorAccount, string name, CancellationToken ct = default) =>
        SendAsync(new RegisterSiteFunction { SiteId = siteId, Operator = operatorAccount, Name = name }, ct);

    /// <returns>The site's operator account, or the zero address when the site is not registered.</returns>
    public Task<string> OperatorOfAsync(byte[] siteId) =>
        QueryAsync<OperatorOfFunction, string>(new OperatorOfFunction { SiteId = siteId });

    public Task<TransactionReceipt> UpsertChargePointAsync(byte[] siteId, ChargePointStruct cp, CancellationToken ct = default) =>
        SendAsync(new UpsertChargePointFunction { SiteId = siteId, Cp = cp }, ct);

    public Task<TransactionReceipt> UpsertPvInverterAsync(byte[] siteId, PvInverterStruct pv, CancellationToken ct = default) =>
        SendAsync(new UpsertPvInverterFunction { SiteId = siteId, Pv = pv }, ct);

    public Task<TransactionReceipt> UpsertBatteryAsync(byte[] siteId, BatteryStruct battery, CancellationToken ct = default) =>
        SendAsync(new UpsertBatteryFunction { SiteId = siteId, B = battery }, ct);

    public Task<TransactionReceipt> UpsertMeterAsync(byte[] siteId, MeterStruct meter, CancellationToken ct = default) =>
        SendAsync(new UpsertMeterFunction { SiteId = siteId, M = meter }, ct);

    /// <summary>Marks an asset the site no longer has (reverts UnknownAsset for an id never registered).</summary>
    public Task<TransactionReceipt> RetireAssetAsync(byte[] siteId, string assetId, CancellationToken ct = default) =>
        SendAsync(new RetireAssetFunction { SiteId = siteId, AssetId = assetId }, ct);

    public Task<bool> IsRetiredAsync(uint index) => QueryAsync<RetiredOfFunction, bool>(new RetiredOfFunction { Index = index });

    /// <summary>Every index registered for the site, retired ones included, in registration order.</summary>
    public async Task<IReadOnlyList<uint>> AssetsOfAsync(byte[] siteId) =>
        await QueryAsync<AssetsOfFunction, List<uint>>(new AssetsOfFunction { SiteId = siteId });

    public Task<string> AssetIdOfAsync(uint index) => QueryAsync<AssetIdOfFunction, string>(new AssetIdOfFunction { Index = index });

    /// <returns>The asset's 1-based index, or 0 when the id is not registered for this site.</returns>
    public Task<uint> IndexOfAsync(byte[] siteId, string assetId) =>
        QueryAsync<IndexOfFunction, uint>(new IndexOfFunction { SiteId = siteId, AssetId = assetId });

    public Task<uint> AssetCountAsync() => QueryAsync<AssetCountFunction, uint>(new AssetCountFunction());

    public async Task<ChargePointStruct?> GetChargePointAsync(byte[] siteId, string cpId) =>
        await IndexOfAsync(siteId, cpId) == 0
            ? null
            : (await Web3.Eth.GetContractQueryHandler<ChargePointFunction>()
                .QueryDeserializingToObjectAsync<ChargePointOutput>(new ChargePointFunction { SiteId = siteId, CpId = cpId }, Address)).Value;

    public async Task<PvInverterStruct?> GetPvInverterAsync(byte[] siteId, string inverterId) =>
        await IndexOfAsync(siteId, inverterId) == 0
            ? null
            : (await Web3.Eth.GetContractQueryHandler<PvInverterFunction>()
                .QueryDeserializingToObjectAsync<PvInverterOutput>(new PvInverterFunction { SiteId = siteId, InverterId = inverterId }, Address)).Value;

    public async Task<BatteryStruct?> GetBatteryAsync(byte[] siteId, string batteryId) =>
        await IndexOfAsync(siteId, batteryId) == 0
            ? null
            : (await Web3.Eth.GetContractQueryHandler<BatteryFunction>()
                .QueryDeserializingToObjectAsync<BatteryOutput>(new BatteryFunction { SiteId = siteId, BatteryId = batteryId }, Address)).Value;

    public async Task<MeterStruct?> GetMeterAsync(byte[] siteId, string meterId) =>
        await IndexOfAsync(siteId, meterId) == 0
            ? null
            : (await Web3.Eth.GetContractQueryHandler<MeterFunction>()
                .QueryDeserializingToObjectAsync<MeterOutput>(new MeterFunction { SiteId = siteId, MeterId = meterId }, Address)).Value;
}
