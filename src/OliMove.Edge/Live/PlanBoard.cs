using System.Collections.Concurrent;
using OliMove.Scheduling;
using OliMove.Storage;

namespace OliMove.Edge.Live;

/// <summary>The plan in force per group, with the snapshot it came from and its archive record.</summary>
public sealed class PlanBoard
{
    private readonly ConcurrentDictionary<string, PlanInForce> _plans = new(StringComparer.Ordinal);

    public void Put(GroupSnapshot snapshot, GroupPlan plan, SlotPlanRecord record) =>
        _plans[plan.GroupId] = new PlanInForce(snapshot, plan, record);

    public PlanInForce? Get(string groupId) => _plans.GetValueOrDefault(groupId);

    public IReadOnlyList<PlanInForce> All => [.. _plans.Values.OrderBy(p => p.Plan.GroupId, StringComparer.Ordinal)];

    /// <summary>The session planned on a connector ("cp/connector"), with its snapshot, if any.</summary>
    public (SessionSnapshot Snapshot, SessionPlan Plan)? Session(string connectorKey)
    {
        foreach (var p in _plans.Values)
        {
            var plan = p.Plan.Sessions.FirstOrDefault(s => s.ConnectorId == connectorKey);
            var snap = p.Snapshot.Sessions.FirstOrDefault(s => s.ConnectorId == connectorKey);
            if (plan is not null && snap is not null)
            {
                return (snap, plan);
            }
        }

        return null;
    }
}
