namespace OliMove.SiteMap.Model;

/// <summary>Holding registers (Modbus FC 3) or input registers (FC 4).</summary>
public enum MeterRegisterTable
{
    Holding,
    Input,
}
