namespace OliMove.Modbus;

/// <summary>
/// The device answered with an exception response (function code | 0x80). The connection is healthy; the
/// request was understood and refused.
/// </summary>
public sealed class ModbusException : Exception
{
    public ModbusException(byte unitId, byte functionCode, ModbusExceptionCode exceptionCode)
        : base($"Modbus unit {unitId} refused function 0x{functionCode:X2} with exception 0x{(byte)exceptionCode:X2} ({Describe(exceptionCode)})")
    {
        UnitId = unitId;
        FunctionCode = functionCode;
        ExceptionCode = exceptionCode;
    }

    public byte UnitId { get; }

    public byte FunctionCode { get; }

    public ModbusExceptionCode ExceptionCode { get; }

    /// <summary>0x0A/0x0B come from a gateway in front of the device: usually the unit id names no device behind it.</summary>
    public bool IsGatewayError =>
        ExceptionCode is ModbusExceptionCode.GatewayPathUnavailable or ModbusExceptionCode.GatewayTargetDeviceFailedToRespond;

    private static string Describe(ModbusExceptionCode code) => code switch
    {
        ModbusExceptionCode.IllegalFunction => "illegal function",
        ModbusExceptionCode.IllegalDataAddress => "illegal data address",
        ModbusExceptionCode.IllegalDataValue => "illegal data value",
        ModbusExceptionCode.ServerDeviceFailure => "server device failure",
        ModbusExceptionCode.Acknowledge => "acknowledge",
        ModbusExceptionCode.ServerDeviceBusy => "server device busy",
        ModbusExceptionCode.MemoryParityError => "memory parity error",
        ModbusExceptionCode.GatewayPathUnavailable => "gateway path unavailable",
        ModbusExceptionCode.GatewayTargetDeviceFailedToRespond => "gateway target device failed to respond",
        _ => "unknown exception code",
    };
}
