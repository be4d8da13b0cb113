using System.Numerics;

namespace OliMove.Chain;

/// <summary>
/// One asset's status in a slot, in the one-word layout AssetStatus.sol documents (least significant bits
/// first): asset index 32, status 8, setpoint W int32, measured W int32, energy left Wh 32, time left s 32.
/// </summary>
public sealed record PackedStatusRow(
    uint AssetIndex,
    AssetStatusCode Status,
    int SetpointW,
    int MeasuredW,
    uint UserEnergyLeftWh,
    uint UserTimeLeftS)
{
    public BigInteger ToWord() =>
        new BigInteger(AssetIndex)
        | (new BigInteger((byte)Status) << 32)
        | (new BigInteger(unchecked((uint)SetpointW)) << 40)
        | (new BigInteger(unchecked((uint)MeasuredW)) << 72)
        | (new BigInteger(UserEnergyLeftWh) << 104)
        | (new BigInteger(UserTimeLeftS) << 136);

    public static PackedStatusRow FromWord(BigInteger word)
    {
        if (word.Sign < 0 || word >> 168 != BigInteger.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(word), "A status row uses the low 168 bits only.");
        }

        uint Bits(int shift, int width) => (uint)((word >> shift) & ((BigInteger.One << width) - 1));
        return new PackedStatusRow(
            Bits(0, 32),
            (AssetStatusCode)Bits(32, 8),
            unchecked((int)Bits(40, 32)),
            unchecked((int)Bits(72, 32)),
            Bits(104, 32),
            Bits(136, 32));
    }
}
