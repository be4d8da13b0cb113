namespace OliMove.Modbus.SunSpec;

/// <summary>The device speaks Modbus but its SunSpec map is missing, broken or lacks what was asked for.</summary>
public sealed class SunSpecException : Exception
{
    public SunSpecException(string message)
        : base(message)
    {
    }
}
