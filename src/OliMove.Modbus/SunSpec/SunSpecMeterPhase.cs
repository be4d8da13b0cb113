namespace OliMove.Modbus.SunSpec;

/// <summary>One phase of a meter read. A null value was not implemented by the device (or its scale factor was unusable).</summary>
/// <param name="PowerW">Real power on the phase, W; positive = drawn by what the meter measures (import).</param>
/// <param name="CurrentA">Current on the phase, A.</param>
/// <param name="VoltageV">Phase-to-neutral voltage, V (null on a delta meter, which has no neutral).</param>
public sealed record SunSpecMeterPhase(long? PowerW, double? CurrentA, double? VoltageV);
