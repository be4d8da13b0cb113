namespace OliMove.SiteMap.Model;

/// <summary>Byte order inside each register: HighFirst is the Modbus convention, LowFirst "byte swapped".</summary>
public enum MeterByteOrder
{
    HighFirst,
    LowFirst,
}
