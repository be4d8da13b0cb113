namespace OliMove.SiteMap.Model;

/// <summary>One power value of a non-SunSpec meter: zero-based wire address, encoding, and the factor to W (e.g. 1000 for kW, -1 for export-positive meters).</summary>
public sealed record MeterPointDefinition(int Address, MeterValueType Type, double Scale, MeterWordOrder WordOrder, MeterByteOrder ByteOrder);
