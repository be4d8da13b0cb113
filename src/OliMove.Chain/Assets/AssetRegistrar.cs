using Nethereum.RPC.Eth.DTOs;
using OliMove.Chain.Clients;
using OliMove.Chain.Contracts;

namespace OliMove.Chain;

/// <summary>
/// Registers the site's assets in SC1 under its site id. Safe to run on every start: a record that already matches the
/// chain is not written again (no gas), a changed one is updated in place (same index).
/// </summary>
public sealed class AssetRegistrar(AssetRegistryClient registry, byte[] siteId)
{
    public async Task<AssetRegistrationResult> RegisterAsync(SiteAssets assets, CancellationToken ct = default)
    {
        assets.Validate();
        var indices = new Dictionary<string, uint>(StringComparer.Ordinal);
        var written = 0;
        var unchanged = 0;
        TransactionReceipt? last = null;

        async Task Apply(string id, bool same, Func<Task<TransactionReceipt>> write)
        {
            ct.ThrowIfCancellationRequested();
            if (same)
            {
                unchanged++;
            }
            else
            {
                last = Ensure(await write(), id);
                written++;
            }

            indices[id] = await registry.IndexOfAsync(siteId, id);
        }

        foreach (var cp in assets.ChargePoints)
        {
            var wanted = ToStruct(cp);
            var current = await registry.GetChargePointAsync(siteId, cp.CpId);
            await Apply(cp.CpId, current is not null && Same(current, wanted), () => registry.UpsertChargePointAsync(siteId, wanted, ct));
        }

        foreach (var pv in assets.PvInverters)
        {
            var wanted = new PvInverterStruct { InverterId = pv.InverterId, PeakPowerW = (uint)pv.PeakPowerW, Group = pv.Group ?? "" };
            var current = await registry.GetPvInverterAsync(siteId, pv.InverterId);
            var same = current is not null && current.PeakPowerW == wanted.PeakPowerW && current.Group == wanted.Group;
            await Apply(pv.InverterId, same, () => registry.UpsertPvInverterAsync(siteId, wanted, ct));
        }

        foreach (var battery in assets.Batteries)
        {
            var wanted = new BatteryStruct
            {
                BatteryId = battery.BatteryId,
                CapacityWh = (ulong)battery.CapacityWh,
                EnergyAvailableWh = (ulong)battery.EnergyAvailableWh,
                MaxPowerW = (uint)battery.MaxPowerW,
                Group = battery.Group ?? "",
            };
            var current = await registry.GetBatteryAsync(siteId, battery.BatteryId);
            var same = current is not null && current.CapacityWh == wanted.CapacityWh
                && current.EnergyAvailableWh == wanted.EnergyAvailableWh && current.MaxPowerW == wanted.MaxPowerW
                && current.Group == wanted.Group;
            await Apply(battery.BatteryId, same, () => registry.UpsertBatteryAsync(siteId, wanted, ct));
        }

        return new AssetRegistrationResult(indices, written, unchanged, last?.TransactionHash, (long?)last?.BlockNumber.Value);
    }

    private static ChargePointStruct ToStruct(ChargePointRegistration cp) => new()
    {
        CpId = cp.CpId,
        EvseId = cp.EvseId ?? "",
        PowerValueW = (uint)cp.PowerValueW,
        EnergyWh = (ulong)cp.EnergyWh,
        PowerInfo = cp.PowerInfo ?? "",
        ConnectionType = cp.ConnectionType ?? "",
        Status = (byte)cp.Status,
        CpGroup = cp.CpGroup ?? "",
        UserEnergyLeftWh = (uint)cp.UserEnergyLeftWh,
        UserTimeLeftS = (uint)cp.UserTimeLeftS,
    };

    private static bool Same(ChargePointStruct a, ChargePointStruct b) =>
        a.EvseId == b.EvseId && a.PowerValueW == b.PowerValueW && a.EnergyWh == b.EnergyWh && a.PowerInfo == b.PowerInfo
        && a.ConnectionType == b.ConnectionType && a.Status == b.Status && a.CpGroup == b.CpGroup
        && a.UserEnergyLeftWh == b.UserEnergyLeftWh && a.UserTimeLeftS == b.UserTimeLeftS;

    private static TransactionReceipt Ensure(TransactionReceipt receipt, string id) =>
        receipt.Status?.Value == 1
            ? receipt
            : throw new InvalidOperationException($"Registering asset '{id}' failed on chain (tx {receipt.TransactionHash}).");
}
