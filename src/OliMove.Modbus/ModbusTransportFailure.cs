namespace OliMove.Modbus;

/// <summary>Why a request did not get a usable reply. Each has its own remedy for a technician.</summary>
public enum ModbusTransportFailure
{
    /// <summary>The host actively refused the TCP connection: nothing listens on that port.</summary>
    ConnectionRefused,

    /// <summary>The host could not be reached or resolved.</summary>
    HostUnreachable,

    /// <summary>The connection was closed or reset by the peer mid-request.</summary>
    ConnectionLost,

    /// <summary>No complete reply arrived within the timeout.</summary>
    Timeout,

    /// <summary>The reply broke the Modbus TCP framing or did not match the request.</summary>
    ProtocolViolation,

    /// <summary>A previous failure put the connection in back-off; no attempt was made.</summary>
    BackingOff,
}
