using OliMove.Scheduling;
using OliMove.Storage;

namespace OliMove.Edge.Live;

public sealed record PlanInForce(GroupSnapshot Snapshot, GroupPlan Plan, SlotPlanRecord Record);
