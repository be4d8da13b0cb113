namespace OliMove.Modbus.SunSpec;

/// <summary>Model 123 (Immediate controls), the active-power limit part.</summary>
/// <param name="LimitPercent">WMaxLimPct: limit in % of WMax.</param>
/// <param name="RevertTimeout">WMaxLimPct_RvrtTms: the inverter drops the limit after this long without a rewrite; null or zero = never.</param>
/// <param name="Enabled">WMaxLim_Ena.</param>
public sealed record SunSpecPowerLimit(double? LimitPercent, TimeSpan? RevertTimeout, bool? Enabled);
