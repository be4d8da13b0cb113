using Nethereum.RPC.Eth.DTOs;
using Nethereum.Web3;
using OliMove.Chain.Contracts;

namespace OliMove.Chain.Clients;

/// <summary>Typed client of SC1 AssetRegistry.</summary>
public sealed class AssetRegistryClient(IWeb3 web3, string address) : AccessControlledClient(web3, address)
{
    public Task<TransactionReceipt> UpsertChargePointAsync(ChargePointStruct cp, CancellationToken ct = default) =>
        SendAsync(new UpsertChargePointFunction { Cp = cp }, ct);

    public Task<TransactionReceipt> UpsertPvInverterAsync(PvInverterStruct pv, CancellationToken ct = default) =>
        SendAsync(new UpsertPvInverterFunction { Pv = pv }, ct);

    public Task<TransactionReceipt> UpsertBatteryAsync(BatteryStruct battery, CancellationToken ct = default) =>
        SendAsync(new UpsertBatteryFunction { B = battery }, ct);

    /// <returns>The asset's 1-based index, or 0 when the id is not registered.</returns>
    public Task<uint> IndexOfAsync(string assetId) =>
        QueryAsync<IndexOfFunction, uint>(new IndexOfFunction { AssetId = assetId });

    public Task<uint> AssetCountAsync() => QueryAsync<AssetCountFunction, uint>(new AssetCountFunction());

    public async Task<ChargePointStruct?> GetChargePointAsync(string cpId) =>
        await IndexOfAsync(cpId) == 0
            ? null
            : (await Web3.Eth.GetContractQueryHandler<ChargePointFunction>()
                .QueryDeserializingToObjectAsync<ChargePointOutput>(new ChargePointFunction { CpId = cpId }, Address)).Value;

    public async Task<PvInverterStruct?> GetPvInverterAsync(string inverterId) =>
        await IndexOfAsync(inverterId) == 0
            ? null
            : (await Web3.Eth.GetContractQueryHandler<PvInverterFunction>()
                .QueryDeserializingToObjectAsync<PvInverterOutput>(new PvInverterFunction { InverterId = inverterId }, Address)).Value;

    public async Task<BatteryStruct?> GetBatteryAsync(string batteryId) =>
        await IndexOfAsync(batteryId) == 0
            ? null
            : (await Web3.Eth.GetContractQueryHandler<BatteryFunction>()
                .QueryDeserializingToObjectAsync<BatteryOutput>(new BatteryFunction { BatteryId = batteryId }, Address)).Value;
}
