using OliMove.Scheduling;
using OliMove.SiteMap.Topology;

namespace OliMove.Edge.Batteries;

/// <summary>
/// Hands a plan's battery setpoints to the battery poller, which wakes and writes them over Modbus. A battery of the
/// group that the plan does not carry (absent: failing, stale, never read) is left to itself.
/// </summary>
public sealed class BatteryDispatch(BatteryLiveState live, TimeProvider time)
{
    /// <summary>
    /// Called before the chargers' profiles are sent: where the plan asks a battery to discharge more than it was last
    /// told, hands that setpoint over and waits (at most the Modbus timeout) until it is written, so that chargers
    /// raised on the battery's discharge find it discharging.
    /// </summary>
    public async Task BeforeChargersAsync(ChargingGroup group, GroupPlan plan, CancellationToken ct)
    {
        var waits = new List<Task>();
        foreach (var battery in group.Batteries)
        {
            if (SetpointOf(battery.Id, plan) is { } w && w < Math.Min(0, live.LastWrite(battery.Id).SetpointW ?? 0))
            {
                waits.Add(live.NextWriteAsync(battery.Id));
                live.Desire(battery.Id, w);
            }
        }

        if (waits.Count > 0)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            await Task.WhenAny(Task.WhenAll(waits), Task.Delay(live.Options.Timeout, time, timeout.Token));
            await timeout.CancelAsync();
        }
    }

    /// <summary>
    /// Called after the chargers' profiles are sent: every other setpoint (a smaller discharge, a charge, none), so a
    /// battery gives less only once the cars it carried were lowered.
    /// </summary>
    public void AfterChargers(ChargingGroup group, GroupPlan plan)
    {
        foreach (var battery in group.Batteries)
        {
            live.Desire(battery.Id, SetpointOf(battery.Id, plan));
        }
    }

    private static long? SetpointOf(string batteryId, GroupPlan plan) =>
        plan.Batteries?.FirstOrDefault(b => b.BatteryId == batteryId)?.SetpointW;
}
