namespace OliMove.Modbus.SunSpec;

/// <summary>Model 124 (Storage): what the battery says about itself. A point the device leaves out reads null.</summary>
/// <param name="MaxChargeW">WChaMax: the charge (and, in model 124, discharge) rate InWRte/OutWRte are percentages of.</param>
/// <param name="StateOfChargePercent">ChaState: energy held, % of its capacity.</param>
/// <param name="MinimumReservePercent">MinRsvPct: the reserve the device itself keeps.</param>
/// <param name="Status">ChaSt.</param>
/// <param name="ControlMode">StorCtl_Mod: bit 0 charge limit active, bit 1 discharge limit active.</param>
/// <param name="ChargeRatePercent">InWRte: the most it may charge, % of WChaMax (negative: it must discharge at least that).</param>
/// <param name="DischargeRatePercent">OutWRte: the most it may discharge, % of WChaMax (negative: it must charge at least that).</param>
public sealed record SunSpecStorageMeasurement(
    long? MaxChargeW,
    double? StateOfChargePercent,
    double? MinimumReservePercent,
    SunSpecStorageState? Status,
    ushort? ControlMode,
    double? ChargeRatePercent,
    double? DischargeRatePercent);
