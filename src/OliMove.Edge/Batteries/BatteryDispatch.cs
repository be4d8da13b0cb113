using OliMove.Scheduling;
using OliMove.SiteMap.Topology;

namespace OliMove.Edge.Batteries;

/// <summary>
/// Hands a plan's battery setpoints to the battery poller, which writes them over Modbus within one poll. A battery
/// of the group that the plan does not carry (absent: failing, stale, never read) is left to itself.
/// </summary>
public sealed class BatteryDispatch(BatteryLiveState live)
{
    public void Apply(ChargingGroup group, GroupPlan plan)
    {
        foreach (var battery in group.Batteries)
        {
            live.Desire(battery.Id, plan.Batteries?.FirstOrDefault(b => b.BatteryId == battery.Id)?.SetpointW);
        }
    }
}
