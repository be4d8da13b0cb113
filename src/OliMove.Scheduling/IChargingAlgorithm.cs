namespace OliMove.Scheduling;

/// <summary>
/// A way to plan one charging group from a snapshot. The allocator and its baselines share it so that one
/// simulator runs them all on the same sessions and limits (as acnportal runs every algorithm through one
/// interface): tools/bench/scheduling's quality sweep compares them side by side.
/// </summary>
public interface IChargingAlgorithm
{
    /// <summary>Short name for reports, e.g. "plain EDF".</summary>
    string Name { get; }

    GroupPlan Plan(GroupSnapshot snapshot);
}
