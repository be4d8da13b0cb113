namespace OliMove.SiteMap.Model;

public sealed record ModbusEndpoint(string Host, int Port, byte UnitId);
