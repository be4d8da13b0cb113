namespace OliMove.Modbus;

/// <summary>The request got no usable reply (no connection, timeout, broken framing). The connection was closed.</summary>
public sealed class ModbusTransportException : Exception
{
    public ModbusTransportException(ModbusTransportFailure failure, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Failure = failure;
    }

    public ModbusTransportFailure Failure { get; }
}
