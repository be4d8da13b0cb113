namespace OliMove.SiteMap.Model;

/// <summary>Which register of a 32-bit value comes first: HighFirst is the Modbus convention, LowFirst "word swapped".</summary>
public enum MeterWordOrder
{
    HighFirst,
    LowFirst,
}
