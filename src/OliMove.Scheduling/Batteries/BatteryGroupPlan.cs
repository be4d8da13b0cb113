namespace OliMove.Scheduling.Batteries;

/// <summary>A group's plan with its batteries: the sessions' plan and, per battery (ordered by id), its power.</summary>
public sealed record BatteryGroupPlan(GroupPlan Plan, IReadOnlyList<BatteryPlan> Batteries);
