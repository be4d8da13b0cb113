using OliMove.Modbus.SunSpec;

namespace OliMove.Modbus.Polling;

/// <summary>
/// One poll of one inverter. A failed or stale reading counts as 0 W for planning and never as the last good value
/// (field practice in evcc and OpenEMS: PV planned on an old value overloads a cabinet when the clouds come).
/// </summary>
/// <param name="Timestamp">When the poll finished (UTC).</param>
/// <param name="MeasuredPowerW">AC power as read; for a stale reading, the last value read (display only).</param>
/// <param name="PowerLimitPercent">The model-123 limit this service keeps written, null when none.</param>
/// <param name="Reason">Why the reading is not Ok, or a warning (a failed curtailment write) on an Ok one.</param>
public sealed record PvReading(
    string InverterId,
    DateTimeOffset Timestamp,
    PvReadingStatus Status,
    double? MeasuredPowerW,
    double? LifetimeEnergyWh,
    SunSpecOperatingState? State,
    double? RatedPowerW,
    double? PowerLimitPercent,
    string? Reason)
{
    /// <summary>What the allocator may count on: the measured power when Ok (never negative), else 0 W.</summary>
    public double PlanningPowerW => Status == PvReadingStatus.Ok && MeasuredPowerW is { } w ? Math.Max(0, w) : 0;

    public static PvReading Failed(string inverterId, DateTimeOffset timestamp, string reason) =>
        new(inverterId, timestamp, PvReadingStatus.Failed, null, null, null, null, null, reason);
}
