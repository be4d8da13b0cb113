namespace OliMove.Scheduling;

/// <summary>
/// One circuit (cabinet, feeder, site connection) of the group's tree, with its usable capacity per slot.
/// </summary>
/// <param name="CircuitId">Site-map id.</param>
/// <param name="ParentId">Parent circuit, or null for the root.</param>
/// <param name="GuaranteedW">Per slot: limit minus other loads (reserved or forecast). Only this part backs a guarantee.</param>
/// <param name="SurplusW">Per slot: forecast PV surplus feeding this circuit; usable, never guaranteed (docs/design.md § Physical limits and PV).</param>
/// <param name="PhaseGuaranteedW">Optional per-phase (L1/L2/L3) guaranteed limits; null when phases are not modelled.</param>
/// <param name="PhaseSurplusW">Optional per-phase PV surplus; only read when <paramref name="PhaseGuaranteedW"/> is set.</param>
public sealed record CircuitSnapshot(
    string CircuitId,
    string? ParentId,
    IReadOnlyList<long> GuaranteedW,
    IReadOnlyList<long> SurplusW,
    PhaseSeries? PhaseGuaranteedW = null,
    PhaseSeries? PhaseSurplusW = null);
