namespace OliMove.Modbus.Meters;

/// <summary>Which Modbus table a meter's points live in: holding (FC 3) or input (FC 4) registers.</summary>
public enum RegisterTable
{
    Holding,
    Input,
}
