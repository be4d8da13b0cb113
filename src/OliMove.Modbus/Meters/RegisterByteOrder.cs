namespace OliMove.Modbus.Meters;

/// <summary>Byte order inside each 16-bit register.</summary>
public enum RegisterByteOrder
{
    /// <summary>High byte first (Modbus Application Protocol §4.2, big-endian).</summary>
    HighFirst,

    /// <summary>Low byte first ("byte swapped"), seen on some gateways.</summary>
    LowFirst,
}
