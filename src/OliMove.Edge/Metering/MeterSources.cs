using OliMove.Modbus;
using OliMove.Modbus.Meters;
using OliMove.Modbus.SunSpec;
using OliMove.SiteMap.Model;

namespace OliMove.Edge.Metering;

/// <summary>Turns a site-map meter into something the poller can read: SunSpec without a register map, else the declared map.</summary>
public static class MeterSources
{
    public static IMeterSource Create(MeterDefinition meter, ModbusTcpClient client) =>
        meter.Registers is { } map
            ? new RegisterMapMeterReader(client, meter.Modbus.UnitId, new MeterRegisterMap(
                map.Table == MeterRegisterTable.Input ? RegisterTable.Input : RegisterTable.Holding,
                map.TotalPowerW is { } total ? Point(total) : null,
                [.. map.PhasePowerW.Select(Point)]))
            : new SunSpecMeterSource(new SunSpecReader(client, meter.Modbus.UnitId));

    private static MeterRegisterPoint Point(MeterPointDefinition p) => new(
        (ushort)p.Address,
        p.Type switch
        {
            MeterValueType.Int16 => RegisterValueType.Int16,
            MeterValueType.UInt16 => RegisterValueType.UInt16,
            MeterValueType.Int32 => RegisterValueType.Int32,
            MeterValueType.UInt32 => RegisterValueType.UInt32,
            _ => RegisterValueType.Float32,
        },
        p.Scale,
        p.WordOrder == MeterWordOrder.LowFirst ? RegisterWordOrder.LowFirst : RegisterWordOrder.HighFirst,
        p.ByteOrder == MeterByteOrder.LowFirst ? RegisterByteOrder.LowFirst : RegisterByteOrder.HighFirst);
}
