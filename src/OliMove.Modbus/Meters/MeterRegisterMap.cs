namespace OliMove.Modbus.Meters;

/// <summary>
/// Where a non-SunSpec meter keeps its power: a total and/or one point per phase (phase 1 first). With phases and
/// no total, the total is their sum; with only a total, the phases are unknown.
/// </summary>
public sealed record MeterRegisterMap(RegisterTable Table, MeterRegisterPoint? TotalPowerW, IReadOnlyList<MeterRegisterPoint> PhasePowerW)
{
    /// <summary>Registers one request may read (Modbus Application Protocol §6.3: FC 3/4 read 1..125).</summary>
    public const int MaxRegistersPerRequest = 125;

    public IEnumerable<MeterRegisterPoint> Points => TotalPowerW is { } total ? [total, .. PhasePowerW] : PhasePowerW;

    /// <summary>Throws <see cref="ArgumentException"/> when the map cannot be read: no point, more than three phases, a point past 0xFFFF, a zero or non-finite scale.</summary>
    public void Validate()
    {
        if (TotalPowerW is null && PhasePowerW.Count == 0)
        {
            throw new ArgumentException("a meter register map needs a total power point, phase power points, or both");
        }

        if (PhasePowerW.Count > 3)
        {
            throw new ArgumentException($"a meter has at most 3 phases; the map declares {PhasePowerW.Count}");
        }

        foreach (var point in Points)
        {
            if (point.Address + point.RegisterCount - 1 > 0xFFFF)
            {
                throw new ArgumentException($"point at {point.Address} ({point.Type}) runs past register 65535");
            }

            if (!double.IsFinite(point.Scale) || point.Scale == 0)
            {
                throw new ArgumentException($"point at {point.Address} has scale {point.Scale}; it must be a finite non-zero number");
            }
        }
    }
}
