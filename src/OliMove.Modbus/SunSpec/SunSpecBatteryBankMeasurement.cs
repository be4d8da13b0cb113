namespace OliMove.Modbus.SunSpec;

/// <summary>Model 802 (Battery Base): what the battery bank measures. A point the device leaves out reads null.</summary>
/// <param name="EnergyRatingWh">WHRtg: nameplate energy capacity.</param>
/// <param name="MaxChargeW">WChaRteMax: nameplate maximum charge rate.</param>
/// <param name="MaxDischargeW">WDisChaRteMax: nameplate maximum discharge rate.</param>
/// <param name="StateOfChargePercent">SoC, % of WHRtg.</param>
/// <param name="Status">ChaSt.</param>
/// <param name="PowerW">W, whole watts, positive = charging (the sign taken from ChaSt where it says charging or discharging).</param>
public sealed record SunSpecBatteryBankMeasurement(
    long? EnergyRatingWh,
    long? MaxChargeW,
    long? MaxDischargeW,
    double? StateOfChargePercent,
    SunSpecStorageState? Status,
    long? PowerW);
