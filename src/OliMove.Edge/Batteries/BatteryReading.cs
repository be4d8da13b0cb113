namespace OliMove.Edge.Batteries;

/// <summary>
/// One read of a battery, in the product's units: state of charge, the device's own power limit (model 124
/// WChaMax, or model 802's rates), its own reserve, and its measured power (model 802 W; from ChaSt 0 W when it
/// says it is idle; null when the device cannot tell).
/// </summary>
/// <param name="SocPercent">State of charge, % of the usable energy.</param>
/// <param name="DeviceMaxChargeW">The device's charge limit (WChaMax or WChaRteMax), null when it gives none.</param>
/// <param name="DeviceMaxDischargeW">The device's discharge limit (WChaMax or WDisChaRteMax), null when it gives none.</param>
/// <param name="DeviceReservePercent">MinRsvPct: the reserve the device keeps itself.</param>
/// <param name="PowerW">Measured power, positive = charging; null when unknown.</param>
/// <param name="SetpointLimitW">WChaMax of model 124: the largest setpoint it can take; null means it cannot take one.</param>
public sealed record BatteryReading(
    double SocPercent,
    long? DeviceMaxChargeW,
    long? DeviceMaxDischargeW,
    double? DeviceReservePercent,
    long? PowerW,
    long? SetpointLimitW)
{
    /// <summary>
    /// The direction model 124's ChaSt says: +1 charging, −1 discharging, 0 idle, null when it gives none (or
    /// "testing"). Without a measured power (no model 802) it is one of the two ways to judge whether the battery
    /// follows its setpoint; the other is its state of charge over time (decision 0350).
    /// </summary>
    public int? StatusDirection { get; init; }
}
