namespace OliMove.Storage;

/// <summary>
/// The smart-charging configuration keys read from the charge point (OCPP 1.6 §9.4, GetConfiguration);
/// null where the charge point did not report the key.
/// </summary>
/// <param name="AllowedChargingRateUnits">ChargingScheduleAllowedChargingRateUnit as reported, e.g. "Current,Power".</param>
public sealed record SmartChargingCapabilities(
    string? AllowedChargingRateUnits,
    int? MaxSchedulePeriods,
    int? MaxStackLevel,
    int? MaxProfilesInstalled);
