using System.Net;
using OliMove.SiteMap.Model;
using OliMove.Tools.PvSimulator;

namespace OliMove.Tools.SiteSimulator;

/// <summary>
/// The site map's PV inverter as a SunSpec simulator, producing the JPL year scaled to its rating; with the site's
/// battery when the map puts that battery on the inverter's own Modbus endpoint (a hybrid inverter, as in demo.yaml).
/// </summary>
public static class SitePvSimulator
{
    /// <summary>The battery's state of charge when the simulation starts, % of its usable energy.</summary>
    public const double BatteryInitialSocPercent = 50;

    /// <summary>A simulator for <paramref name="inverter"/> on its Modbus endpoint (or <paramref name="portOverride"/>; 0 = a free port).</summary>
    public static SunSpecInverterSimulator Create(PvInverterDefinition inverter, PvYearProfile year, TimeProvider time, int? portOverride = null, IEnumerable<BatteryDefinition>? batteries = null)
    {
        var battery = HybridBattery(inverter, batteries ?? []);
        var options = new SimulatorOptions
        {
            ListenAddress = IPAddress.Parse(inverter.Modbus.Host == "localhost" ? "127.0.0.1" : inverter.Modbus.Host),
            Port = portOverride ?? inverter.Modbus.Port,
            UnitId = inverter.Modbus.UnitId,
            RatedPowerW = inverter.RatedPowerW,
            SerialNumber = inverter.Id,
            BatteryCapacityWh = battery?.UsableEnergyWh,

            // Model 124's WChaMax: the site map's larger limit, else 10 kW (the simulator's default).
            BatteryMaxPowerW = battery is null ? 10_000 : Math.Max(battery.MaxChargeW ?? 10_000, battery.MaxDischargeW ?? 10_000),
            BatteryInitialSocPercent = BatteryInitialSocPercent,
        };
        return new SunSpecInverterSimulator(options, time, t => year.FractionOfPeak(t) * inverter.RatedPowerW);
    }

    /// <summary>The battery the map reads on the inverter's own host, port and unit, if any.</summary>
    public static BatteryDefinition? HybridBattery(PvInverterDefinition inverter, IEnumerable<BatteryDefinition> batteries) =>
        batteries.FirstOrDefault(b => b.Modbus is { } m && m.Host == inverter.Modbus.Host && m.Port == inverter.Modbus.Port && m.UnitId == inverter.Modbus.UnitId);
}
