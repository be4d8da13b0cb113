namespace OliMove.Modbus.Meters;

/// <summary>Which register of a 32-bit value comes first on the wire.</summary>
public enum RegisterWordOrder
{
    /// <summary>High word at the lower address (Modbus convention, SunSpec, most meters).</summary>
    HighFirst,

    /// <summary>Low word at the lower address ("word swapped", some Eastron/Carlo Gavazzi settings).</summary>
    LowFirst,
}
