namespace OliMove.Modbus.Polling;

/// <summary>One configured inverter: the id the site map gives it and where it answers Modbus TCP.</summary>
public sealed record PvInverterEndpoint(string InverterId, string Host, int Port, byte UnitId);
