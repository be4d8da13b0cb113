namespace OliMove.Edge.Api.Views;

/// <summary>
/// A charging group right now. PlannedW is the plan in force for the current slot; MeasuredW the sum of its
/// connectors' last measured power; PvW the sum of its inverters' fresh readings (null when none is fresh).
/// </summary>
public sealed record GroupView(
    string Id,
    double LimitW,
    double ReservedW,
    double GuaranteedW,
    double? PlannedW,
    double MeasuredW,
    double? PvW,
    IReadOnlyList<PvInverterView> PvInverters,
    IReadOnlyList<OtherLoadView> OtherLoads,
    IReadOnlyList<CircuitView> Circuits,
    IReadOnlyList<string> ChargePointIds,
    DateTimeOffset? PlanSlotStart,
    int? PlanRevision,
    string? PlanSha256)
{
    /// <summary>The group's batteries: state of charge, measured power, setpoint and what the plan asks now (decision 0310).</summary>
    public IReadOnlyList<BatteryView> Batteries { get; init; } = [];
}
