namespace OliMove.Modbus.SunSpec;

/// <summary>Inverter operating state St (models 101..113, enum16).</summary>
public enum SunSpecOperatingState : ushort
{
    Off = 1,
    Sleeping = 2,
    Starting = 3,
    Mppt = 4,
    Throttled = 5,
    ShuttingDown = 6,
    Fault = 7,
    Standby = 8,
}
