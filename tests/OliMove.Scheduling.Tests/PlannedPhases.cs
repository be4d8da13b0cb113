namespace OliMove.Scheduling.Tests;

/// <summary>
/// The snapshot as its plan runs it: a switchable session the plan put at one phase is a 1-phase session on its
/// switch phase with a third of its 3-phase bounds (the same current on one line), so <see cref="PlanChecker"/>
/// checks its phase and its bounds. Written from the rule, not from the allocator's code.
/// </summary>
internal static class PlannedPhases
{
    public static GroupSnapshot AsPlanned(GroupSnapshot snapshot, GroupPlan plan)
    {
        var phases = plan.Sessions.ToDictionary(p => p.SessionId, p => p.Phases);
        return snapshot with
        {
            Sessions = [.. snapshot.Sessions.Select(x =>
            {
                if (x.SwitchesToPhase == 0)
                {
                    phases[x.SessionId].Should().BeNull($"{x.SessionId} cannot switch");
                    return x;
                }
                phases[x.SessionId].Should().BeOneOf([1, 3], $"{x.SessionId} can switch, so its plan says its phases");
                if (phases[x.SessionId] == 3)
                    return x with { SwitchesToPhase = 0, SwitchedToOnePhase = false };
                return x with
                {
                    Phases = 1,
                    Phase = x.SwitchesToPhase,
                    ConnectorMinW = (x.ConnectorMinW + 2) / 3,
                    ConnectorMaxW = x.ConnectorMaxW / 3,
                    VehicleMinW = (x.VehicleMinW + 2) / 3,
                    VehicleMaxW = x.VehicleMaxW / 3,
                    SwitchesToPhase = 0,
                    SwitchedToOnePhase = false,
                };
            })],
        };
    }
}
