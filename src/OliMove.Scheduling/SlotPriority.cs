namespace OliMove.Scheduling;

/// <summary>In which order a <see cref="FlowSchedule"/> opens slots to the max-flow.</summary>
internal enum SlotPriority
{
    /// <summary>Later slots first (in blocks of <see cref="FlowSchedule.LateBlock"/>), slot 0 last: the guarantee witness runs late, so the must-run power now is minimal.</summary>
    LatestFirst,

    /// <summary>Slots with forecast PV surplus on the session's path first, then the rest: PV surplus before grid.</summary>
    SurplusFirst,

    /// <summary>Slots with PV surplus first, then the rest by rising cost (price or CO₂, earlier first on a tie), one
    /// cost level at a time: best effort under price signals (<see cref="CostAwarePlacement"/>).</summary>
    CheapestFirst,
}
