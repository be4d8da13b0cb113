namespace OliMove.Modbus.Meters;

/// <summary>How a register-map point is encoded: 16-bit in one register, 32-bit in two.</summary>
public enum RegisterValueType
{
    Int16,
    UInt16,
    Int32,
    UInt32,
    Float32,
}
