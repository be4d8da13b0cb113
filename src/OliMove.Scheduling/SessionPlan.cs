namespace OliMove.Scheduling;

/// <summary>The plan for one session.</summary>
/// <param name="SessionId">From the snapshot.</param>
/// <param name="ConnectorId">From the snapshot.</param>
/// <param name="SetpointW">Power for the current slot (slot 0): what the host sends as SetChargingProfile.</param>
/// <param name="PowerW">Planned power per slot over the horizon; each value is 0 or within [min, max].</param>
/// <param name="NeedWh">Energy still requested (requested − delivered, ≥ 0); null when none was declared.</param>
/// <param name="PlannedWh">Energy of the plan up to the declared departure (rounded down to whole Wh).</param>
/// <param name="Status">On track, limited by vehicle, not guaranteed, or best effort.</param>
/// <param name="Phases">For a session whose charger switches phases: 1 or 3, the phases its powers are planned at
/// (the host sends it as numberPhases); null for every other session (decision 0324).</param>
public sealed record SessionPlan(
    string SessionId,
    string ConnectorId,
    long SetpointW,
    IReadOnlyList<long> PowerW,
    long? NeedWh,
    long PlannedWh,
    SessionStatus Status,
    int? Phases = null);
