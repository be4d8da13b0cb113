namespace OliMove.Modbus.SunSpec;

/// <summary>
/// One read of an inverter model. A null value was not implemented by the device (sentinel or unusable scale factor).
/// </summary>
/// <param name="ModelId">101/102/103 (integer + scale factors) or 111/112/113 (float).</param>
/// <param name="PowerW">AC power W.</param>
/// <param name="LifetimeEnergyWh">AC lifetime energy WH.</param>
/// <param name="FrequencyHz">Line frequency Hz.</param>
/// <param name="State">Operating state St; null when not implemented or outside the enum.</param>
public sealed record SunSpecInverterMeasurement(ushort ModelId, double? PowerW, double? LifetimeEnergyWh, double? FrequencyHz, SunSpecOperatingState? State);
