namespace OliMove.SiteMap.Model;

/// <summary>
/// A power meter read over Modbus TCP. <see cref="TargetId"/> names the circuit or other load it measures (null for
/// the grid connection). <see cref="Registers"/> null means a SunSpec meter (models 201-204).
/// </summary>
public sealed record MeterDefinition(string Id, MeterAttachment Attachment, string? TargetId, ModbusEndpoint Modbus, MeterRegisterMapDefinition? Registers);
