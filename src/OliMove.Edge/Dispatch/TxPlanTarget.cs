namespace OliMove.Edge.Dispatch;

/// <summary>
/// What the dispatcher knows of one charging session when it turns the plan into a TxProfile:
/// the planned power per slot from <paramref name="PlanStart"/> on, and what the charge point accepts.
/// <paramref name="FailSafeW"/>: the connector's fail-safe share; after <paramref name="FullPlanSlots"/> slots the
/// profile never exceeds it (see <see cref="ChargingProfileBuilder"/>). <paramref name="ClockSkewAllowance"/>: how
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
    long? FailSafeW = null,
    int FullPlanSlots = 2,
    TimeSpan ClockSkewAllowance = default);
