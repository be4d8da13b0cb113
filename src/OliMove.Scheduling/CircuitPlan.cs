namespace OliMove.Scheduling;

/// <summary>Planned load of one circuit (its sessions and its sub-circuits' sessions) per slot.</summary>
public sealed record CircuitPlan(string CircuitId, IReadOnlyList<long> LoadW);
