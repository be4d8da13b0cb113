using System.Text;

namespace OliMove.Modbus.SunSpec;

/// <summary>
/// SunSpec register encodings and their "not implemented" sentinels (SunSpec Information Model Specification,
/// point types): int16/sunssf 0x8000, uint16/enum16 0xFFFF, int32 0x80000000, uint32 0xFFFFFFFF,
/// acc32 0, float32 NaN. Multi-register values are high word first. A sentinel decodes to null.
/// </summary>
public static class SunSpecValueCodec
{
    public const ushort NotImplementedInt16 = 0x8000;
    public const ushort NotImplementedUInt16 = 0xFFFF;
    public const uint NotImplementedInt32 = 0x80000000;
    public const uint NotImplementedUInt32 = 0xFFFFFFFF;

    /// <summary>The "SunS" marker, two registers at the start of the map.</summary>
    public const ushort MarkerHigh = 0x5375;
    public const ushort MarkerLow = 0x6E53;

    public const ushort EndModelId = 0xFFFF;

    public static short? Int16(ushort raw) => raw == NotImplementedInt16 ? null : unchecked((short)raw);

    public static ushort? UInt16(ushort raw) => raw == NotImplementedUInt16 ? null : raw;

    /// <summary>A scale factor outside -10..10 is not a real one (the spec's range); treat it as unusable.</summary>
    public static short? ScaleFactor(ushort raw) => Int16(raw) is { } sf && sf is >= -10 and <= 10 ? sf : null;

    public static int? Int32(ushort high, ushort low)
    {
        var raw = ((uint)high << 16) | low;
        return raw == NotImplementedInt32 ? null : unchecked((int)raw);
    }

    public static uint? UInt32(ushort high, ushort low)
    {
        var raw = ((uint)high << 16) | low;
        return raw == NotImplementedUInt32 ? null : raw;
    }

    /// <summary>acc32: 0 means not implemented; some devices use 0xFFFFFFFF, which is treated the same.</summary>
    public static uint? Acc32(ushort high, ushort low)
    {
        var raw = ((uint)high << 16) | low;
        return raw is 0 or NotImplementedUInt32 ? null : raw;
    }

    public static float? Float32(ushort high, ushort low)
    {
        var value = BitConverter.UInt32BitsToSingle(((uint)high << 16) | low);
        return float.IsNaN(value) || float.IsInfinity(value) ? null : value;
    }

    /// <summary>raw × 10^sf, or null when either part is not implemented.</summary>
    public static double? Scale(double? raw, short? scaleFactor) =>
        raw is { } value && scaleFactor is { } sf ? value * Math.Pow(10, sf) : null;

    /// <summary>Two ASCII characters per register, high byte first, padded with NUL (or spaces on some devices).</summary>
    public static string String(ReadOnlySpan<ushort> registers)
    {
        var bytes = new byte[registers.Length * 2];
        for (var i = 0; i < registers.Length; i++)
        {
            bytes[2 * i] = (byte)(registers[i] >> 8);
            bytes[(2 * i) + 1] = (byte)registers[i];
        }

        var end = Array.IndexOf(bytes, (byte)0);
        return Encoding.ASCII.GetString(bytes, 0, end < 0 ? bytes.Length : end).Trim();
    }

    public static ushort[] EncodeString(string value, int registerCount)
    {
        var bytes = Encoding.ASCII.GetBytes(value);
        if (bytes.Length > registerCount * 2)
        {
            throw new ArgumentException($"'{value}' does not fit in {registerCount} registers.", nameof(value));
        }

        var registers = new ushort[registerCount];
        for (var i = 0; i < bytes.Length; i++)
        {
            registers[i / 2] |= (ushort)(i % 2 == 0 ? bytes[i] << 8 : bytes[i]);
        }

        return registers;
    }

    public static (ushort High, ushort Low) EncodeUInt32(uint value) => ((ushort)(value >> 16), (ushort)value);

    public static (ushort High, ushort Low) EncodeFloat32(float value) => EncodeUInt32(BitConverter.SingleToUInt32Bits(value));
}
