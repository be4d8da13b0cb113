namespace OliMove.Modbus.SunSpec;

/// <summary>Model 120 (Nameplate): DER type (4 = PV) and continuous rated power WRtg.</summary>
public sealed record SunSpecNameplate(ushort? DerType, double? RatedPowerW);
