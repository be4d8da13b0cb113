namespace OliMove.Modbus.Meters;

/// <summary>One value in a vendor register map: where it is, how it is encoded, and what to multiply it by to get W.</summary>
/// <param name="Address">Zero-based wire address of the first register (not the "4xxxx" documentation number).</param>
/// <param name="Type">Encoding; 32-bit types take two registers.</param>
/// <param name="Scale">Multiplier to W, e.g. 1000 for a value in kW, 0.1 for tenths of W, -1 for a meter that counts export positive.</param>
/// <param name="WordOrder">Word order of a 32-bit value.</param>
/// <param name="ByteOrder">Byte order inside each register.</param>
public sealed record MeterRegisterPoint(
    ushort Address,
    RegisterValueType Type,
    double Scale = 1,
    RegisterWordOrder WordOrder = RegisterWordOrder.HighFirst,
    RegisterByteOrder ByteOrder = RegisterByteOrder.HighFirst)
{
    public int RegisterCount => Type is RegisterValueType.Int16 or RegisterValueType.UInt16 ? 1 : 2;

    /// <summary>The value in W (rounded), or null when the registers hold no finite number (NaN, infinity).</summary>
    public long? Decode(ReadOnlySpan<ushort> registers)
    {
        if (registers.Length < RegisterCount)
        {
            throw new ArgumentException($"point at {Address} needs {RegisterCount} register(s), got {registers.Length}", nameof(registers));
        }

        var first = Bytes(registers[0]);
        double raw;
        if (RegisterCount == 1)
        {
            raw = Type == RegisterValueType.Int16 ? unchecked((short)first) : first;
        }
        else
        {
            var second = Bytes(registers[1]);
            var bits = WordOrder == RegisterWordOrder.HighFirst ? ((uint)first << 16) | second : ((uint)second << 16) | first;
            raw = Type switch
            {
                RegisterValueType.Int32 => unchecked((int)bits),
                RegisterValueType.UInt32 => bits,
                _ => BitConverter.UInt32BitsToSingle(bits),
            };
        }

        var watts = raw * Scale;
        return double.IsFinite(watts) && Math.Abs(watts) < long.MaxValue / 2 ? (long)Math.Round(watts) : null;
    }

    private ushort Bytes(ushort register) =>
        ByteOrder == RegisterByteOrder.HighFirst ? register : (ushort)((register << 8) | (register >> 8));
}
