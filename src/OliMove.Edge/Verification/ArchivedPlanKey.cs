namespace OliMove.Edge.Verification;

/// <summary>What identifies an archived plan: its group, plan start and revision (unique in slot_plans).</summary>
public sealed record ArchivedPlanKey(string GroupId, DateTimeOffset PlanStart, int Revision);
