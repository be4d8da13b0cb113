using System.Net;
using OliMove.SiteMap.Model;
using OliMove.Tools.PvSimulator;

namespace OliMove.Tools.SiteSimulator;

/// <summary>The site map's PV inverter as a SunSpec simulator, producing the JPL year scaled to its rating.</summary>
public static class SitePvSimulator
{
    /// <summary>A simulator for <paramref name="inverter"/> on its Modbus endpoint (or <paramref name="portOverride"/>; 0 = a free port).</summary>
    public static SunSpecInverterSimulator Create(PvInverterDefinition inverter, PvYearProfile year, TimeProvider time, int? portOverride = null)
    {
        var options = new SimulatorOptions
        {
            ListenAddress = IPAddress.Parse(inverter.Modbus.Host == "localhost" ? "127.0.0.1" : inverter.Modbus.Host),
            Port = portOverride ?? inverter.Modbus.Port,
            UnitId = inverter.Modbus.UnitId,
            RatedPowerW = inverter.RatedPowerW,
            SerialNumber = inverter.Id,
        };
        return new SunSpecInverterSimulator(options, time, t => year.FractionOfPeak(t) * inverter.RatedPowerW);
    }
}
