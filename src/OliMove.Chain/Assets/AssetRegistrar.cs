using Nethereum.RPC.Eth.DTOs;
using OliMove.Chain.Clients;
using OliMove.Chain.Contracts;

namespace OliMove.Chain;

/// <summary>
/// Registers the site's assets in SC1 under its site id. Safe to run on every start and site-map reload: a record that
/// already matches the chain is not written again (no gas), a changed or retired one is updated in place (same
/// index), and an asset the site registered before but no longer has is retired (decision 0346).
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

        // What the chain holds for the site: each id's index and whether it is retired.
        var registered = new Dictionary<string, (uint Index, bool Retired)>(StringComparer.Ordinal);
        foreach (var index in await registry.AssetsOfAsync(siteId))
        {
            ct.ThrowIfCancellationRequested();
            registered[await registry.AssetIdOfAsync(index)] = (index, await registry.IsRetiredAsync(index));
        }

        async Task Apply(string id, bool same, Func<Task<TransactionReceipt>> write)
        {
            ct.ThrowIfCancellationRequested();
            // A retired asset that is back is upserted even when its record matches: the upsert un-retires it.
            if (same && !(registered.TryGetValue(id, out var known) && known.Retired))
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

        foreach (var meter in assets.Meters)
        {
            var wanted = new MeterStruct
            {
                MeterId = meter.MeterId,
                Measures = (byte)meter.Measures,
                Target = meter.Target ?? "",
                Phases = (byte)meter.PhaseMask,
                LimitW = (uint)meter.LimitW,
                Group = meter.Group ?? "",
            };
            var current = await registry.GetMeterAsync(siteId, meter.MeterId);
            var same = current is not null && current.Measures == wanted.Measures && current.Target == wanted.Target
                && current.Phases == wanted.Phases && current.LimitW == wanted.LimitW && current.Group == wanted.Group;
            await Apply(meter.MeterId, same, () => registry.UpsertMeterAsync(siteId, wanted, ct));
        }

        // Assets the site no longer has: retired, not deleted (their index names them in past status rows).
        var retired = new List<string>();
        foreach (var (id, known) in registered.Where(r => !indices.ContainsKey(r.Key) && !r.Value.Retired).OrderBy(r => r.Value.Index))
        {
            ct.ThrowIfCancellationRequested();
            last = Ensure(await registry.RetireAssetAsync(siteId, id, ct), id);
            retired.Add(id);
        }

        return new AssetRegistrationResult(indices, written, unchanged, last?.TransactionHash, (long?)last?.BlockNumber.Value) { Retired = retired };
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
