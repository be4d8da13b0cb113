namespace OliMove.Modbus.SunSpec;

/// <param name="Id">SunSpec model id (1 common, 103 three-phase inverter, ...).</param>
/// <param name="Address">Wire address of the model's ID register.</param>
/// <param name="Length">Registers that follow the two-register header.</param>
public sealed record SunSpecModelHeader(ushort Id, int Address, ushort Length)
{
    /// <summary>Wire address of the register at <paramref name="offset"/> counted from the ID register.</summary>
    public int AddressOf(int offset) => Address + offset;
}
