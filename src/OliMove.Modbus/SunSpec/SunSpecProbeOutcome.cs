namespace OliMove.Modbus.SunSpec;

/// <summary>What a commissioning probe found; every failure has its own remedy.</summary>
public enum SunSpecProbeOutcome
{
    Found,
    ConnectionRefused,
    HostUnreachable,
    WrongUnitId,
    NoSunSpec,
    Timeout,
    DeviceError,
}
