namespace OliMove.SiteMap.Model;

/// <summary>A PV inverter read over Modbus TCP (SunSpec), feeding <see cref="CircuitId"/>.</summary>
public sealed record PvInverterDefinition(string Id, string CircuitId, long RatedPowerW, ModbusEndpoint Modbus);
