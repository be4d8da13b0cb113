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
    /// Called before the chargers' profiles are sent. Where the plan asks a battery to discharge more than it was
    /// last told, waits (at most the Modbus timeout) until that setpoint is written, so that chargers raised on the
    /// battery's discharge find it discharging; a lowered discharge is written alongside the chargers' lowerings.
    /// </summary>
    public async Task ApplyAsync(ChargingGroup group, GroupPlan plan, CancellationToken ct)
    {
        var waits = new List<Task>();
        foreach (var battery in group.Batteries)
        {
            var setpoint = plan.Batteries?.FirstOrDefault(b => b.BatteryId == battery.Id)?.SetpointW;
            var before = live.LastWrite(battery.Id).SetpointW ?? 0;
            if (setpoint is { } w && w < Math.Min(0, before))
            {
                waits.Add(live.NextWriteAsync(battery.Id));
            }

            live.Desire(battery.Id, setpoint);
        }

        if (waits.Count > 0)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            await Task.WhenAny(Task.WhenAll(waits), Task.Delay(live.Options.Timeout, time, timeout.Token));
            await timeout.CancelAsync();
        }
    }
}
