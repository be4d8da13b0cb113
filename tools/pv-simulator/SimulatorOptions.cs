using System.Net;

namespace OliMove.Tools.PvSimulator;

/// <summary>What the simulated inverter looks like on the wire.</summary>
public sealed record SimulatorOptions
{
    public IPAddress ListenAddress { get; init; } = IPAddress.Loopback;

    /// <summary>0 picks a free port (tests); see <see cref="SunSpecInverterSimulator.Port"/>.</summary>
    public int Port { get; init; }

    public byte UnitId { get; init; } = 1;

    /// <summary>Where "SunS" sits: 40000, 50000 or 0.</summary>
    public int BaseAddress { get; init; } = 40000;

    public double RatedPowerW { get; init; } = 10_000;

    /// <summary>Serve model 113 (float32) instead of 103 (integer + scale factors).</summary>
    public bool UseFloatModel { get; init; }

    /// <summary>W_SF of model 103; null picks the smallest one that fits the rated power in an int16.</summary>
    public short? PowerScaleFactor { get; init; }

    /// <summary>WH_SF of model 103.</summary>
    public short EnergyScaleFactor { get; init; }

    /// <summary>WMaxLimPct_SF of model 123.</summary>
    public short LimitScaleFactor { get; init; }

    public double InitialEnergyWh { get; init; } = 1_234_567;

    /// <summary>Also serve a SunSpec meter model (201, 202, 203 or 204) after model 123; null serves none.</summary>
    public ushort? MeterModelId { get; init; }

    /// <summary>W_SF of the meter model: 1 gives 10 W steps up to ±327 kW per point.</summary>
    public short MeterPowerScaleFactor { get; init; } = 1;

    /// <summary>Also serve a battery as SunSpec storage model 124 after the meter; its usable energy in Wh, null serves none.</summary>
    public double? BatteryCapacityWh { get; init; }

    /// <summary>The battery's WChaMax (and discharge limit), W.</summary>
    public double BatteryMaxPowerW { get; init; } = 10_000;

    /// <summary>With a battery, also serve model 802 (battery base: SoC, measured power W) after model 124.</summary>
    public bool BatteryBankModel { get; init; } = true;

    /// <summary>State of charge when the simulator starts, % of <see cref="BatteryCapacityWh"/>.</summary>
    public double BatteryInitialSocPercent { get; init; } = 50;

    public string Manufacturer { get; init; } = "OliMove";

    public string ModelName { get; init; } = "PV-SIM";

    public string Version { get; init; } = "1.0.0";

    public string SerialNumber { get; init; } = "SIM-0001";

    public void Validate()
    {
        if (BaseAddress is not (0 or 40000 or 50000))
        {
            throw new ArgumentOutOfRangeException(nameof(BaseAddress), BaseAddress, "SunSpec base must be 0, 40000 or 50000.");
        }

        if (Port is < 0 or > 65535)
        {
            throw new ArgumentOutOfRangeException(nameof(Port), Port, "Port must be 0..65535.");
        }

        if (MeterModelId is { } meter && meter is not (201 or 202 or 203 or 204))
        {
            throw new ArgumentOutOfRangeException(nameof(MeterModelId), meter, "Meter model must be 201, 202, 203 or 204.");
        }

        if (BatteryCapacityWh is { } capacity && !(capacity > 0 && BatteryMaxPowerW is > 0 and <= 65_535 && BatteryInitialSocPercent is >= 0 and <= 100))
        {
            throw new ArgumentOutOfRangeException(nameof(BatteryCapacityWh), capacity, "A battery needs a capacity > 0 Wh, 0 < max power <= 65535 W and an initial SoC of 0..100 %.");
        }

        if (!(RatedPowerW > 0 && RatedPowerW < 1e9))
        {
            throw new ArgumentOutOfRangeException(nameof(RatedPowerW), RatedPowerW, "Rated power must be > 0 W.");
        }
    }
}
