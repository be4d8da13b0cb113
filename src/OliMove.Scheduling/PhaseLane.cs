namespace OliMove.Scheduling;

/// <summary>
/// How a session's power enters a circuit whose phases are limited: a 1-phase session through its own phase, a
/// 3-phase one through a lane that loads every phase by a third (so its room is 3 × the least free phase).
/// </summary>
internal enum PhaseLane
{
    L1 = 1,
    L2 = 2,
    L3 = 3,
    ThreePhase = 4,
}
