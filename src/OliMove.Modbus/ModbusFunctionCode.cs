namespace OliMove.Modbus;

/// <summary>The function codes this client speaks (Modbus Application Protocol §6).</summary>
public static class ModbusFunctionCode
{
    public const byte ReadHoldingRegisters = 0x03;
    public const byte ReadInputRegisters = 0x04;
    public const byte WriteSingleRegister = 0x06;
    public const byte WriteMultipleRegisters = 0x10;

    /// <summary>Set in the function code of an exception response.</summary>
    public const byte ExceptionFlag = 0x80;

    /// <summary>Most registers one FC 3/4 request may read (§6.3: 1..125).</summary>
    public const int MaxReadRegisters = 125;

    /// <summary>Most registers one FC 16 request may write (§6.12: 1..123).</summary>
    public const int MaxWriteRegisters = 123;
}
