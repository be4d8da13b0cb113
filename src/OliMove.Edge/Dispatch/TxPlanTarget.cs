namespace OliMove.Edge.Dispatch;

/// <summary>
/// What the dispatcher knows of one charging session when it turns the plan into a TxProfile:
/// the limit in watts per slot from <paramref name="PlanStart"/> on (already capped at the fail-safe share after the
/// full-plan slots, <see cref="PlanDispatcher"/>), and what the charge point accepts. <paramref name="ClockSkewAllowance"/>: how
/// far the schedule reaches back before <paramref name="PlanStart"/>, at the first period's limit, so that a
/// charger whose clock runs behind ours finds the profile already in force.
/// </summary>
public sealed record TxPlanTarget(
    int ConnectorId,
    int TransactionId,
    ProfileRateUnit Unit,
    int Phases,
    decimal PhaseVoltageV,
    DateTimeOffset PlanStart,
    TimeSpan SlotLength,
    IReadOnlyList<long> PlannedW,
    int MaxPeriods,
    int StackLevel,
    int ChargingProfileId,
    TimeSpan ClockSkewAllowance = default);
