using System.Buffers.Binary;

namespace OliMove.Modbus;

/// <summary>
/// The 7-byte Modbus Application Protocol header that precedes every PDU on TCP
/// (Modbus Messaging on TCP/IP Implementation Guide V1.0b §3.1.3), all fields big-endian.
/// </summary>
/// <param name="TransactionId">Echoed by the server; pairs a reply with its request.</param>
/// <param name="ProtocolId">Always 0 for Modbus.</param>
/// <param name="Length">Number of bytes that follow: the unit id plus the PDU.</param>
/// <param name="UnitId">Addresses a device behind a gateway; inverters often want a specific one.</param>
public readonly record struct MbapHeader(ushort TransactionId, ushort ProtocolId, ushort Length, byte UnitId)
{
    public const int Size = 7;

    /// <summary>A PDU is at most 253 bytes (Modbus Application Protocol §4.1), so Length is at most 254.</summary>
    public const int MaxPduSize = 253;

    public static MbapHeader Read(ReadOnlySpan<byte> source) => new(
        BinaryPrimitives.ReadUInt16BigEndian(source),
        BinaryPrimitives.ReadUInt16BigEndian(source[2..]),
        BinaryPrimitives.ReadUInt16BigEndian(source[4..]),
        source[6]);

    public void Write(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt16BigEndian(destination, TransactionId);
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], ProtocolId);
        BinaryPrimitives.WriteUInt16BigEndian(destination[4..], Length);
        destination[6] = UnitId;
    }

    /// <summary>Bytes still to read after the header: Length counts the unit id, which is part of the header.</summary>
    public int PduLength => Length - 1;

    public bool IsPlausible => ProtocolId == 0 && Length >= 2 && Length <= MaxPduSize + 1;
}
