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
    long? SetpointLimitW);
