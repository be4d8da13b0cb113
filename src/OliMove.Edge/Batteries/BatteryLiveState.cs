using OliMove.Edge.Hosting;
using OliMove.Scheduling.Batteries;
using OliMove.SiteMap.Model;
using OliMove.SiteMap.Topology;

namespace OliMove.Edge.Batteries;

/// <summary>
/// The live state of every battery of the site map (decision 0310): its last reading, its last problem, the
/// setpoint the plan in force asks for and the one last written, and whether it follows its setpoints. Written by
/// <see cref="BatteryPollingService"/> and the planner; read by the snapshot, the API and health.
/// </summary>
public sealed class BatteryLiveState(SiteState site, TimeProvider time, BatteryOptions options)
{
    private readonly object _lock = new();
    private readonly Dictionary<string, BatterySample> _samples = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TaskCompletionSource> _desired = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TaskCompletionSource> _written = new(StringComparer.Ordinal);

    public BatteryOptions Options => options;

    /// <summary>Drops a battery's reading, problems and written setpoint when a reload removed or changed it (decision 0378).</summary>
    public void Forget(string batteryId)
    {
        lock (_lock)
        {
            _samples.Remove(batteryId);
        }
    }

    /// <summary>Stores a reading; true when the battery was not usable before it (it answers again, or for the first time).</summary>
    public bool Record(string batteryId, BatteryReading reading, DateTimeOffset at)
    {
        lock (_lock)
        {
            var before = Get(batteryId);
            var wasUsable = before.IsUsable(at, options.StaleAfter);
            // A good reading ends the problem: "problem" says why the battery is not usable now, never a past failure (decision 0396).
            var sample = before with { Reading = reading, ReadAt = at, Problem = null, ProblemAt = null };
            if (sample.WrittenW is { } setpoint && sample.WrittenAt is { } written && at - written >= options.FollowGrace)
            {
                if (reading.PowerW is { } measured)
                {
                    if (Math.Abs(measured - setpoint) > Tolerance(setpoint))
                    {
                        sample = sample with { MismatchAt = at, MismatchPowerW = measured, MismatchEstimated = false };
                    }
                }
                else
                {
                    sample = JudgeWithoutPower(batteryId, sample, setpoint, written, reading, at);
                }
            }

            _samples[batteryId] = sample;
            return !wasUsable;
        }
    }

    /// <summary>
    /// A battery without a measured power (model 124 but no 802) is judged by what it says and what it does over time
    /// (decision 0350): ChaSt pointing the other way than the setpoint is "not following" at once, with nothing done in
    /// the asked direction; otherwise its state of charge is compared with the setpoint once the setpoint should have
    /// moved it by <see cref="BatteryOptions.SocJudgeStepPercent"/>: a move of less than half of that is "not
    /// following", planned with the power the move shows. A setpoint within the tolerance of 0 is not judged this way.
    /// </summary>
    private BatterySample JudgeWithoutPower(string batteryId, BatterySample sample, long setpoint, DateTimeOffset written, BatteryReading reading, DateTimeOffset at)
    {
        var asked = Math.Abs(setpoint) > Tolerance(setpoint) ? Math.Sign(setpoint) : 0;
        var capacity = site.Topology.Groups.SelectMany(g => g.Batteries).FirstOrDefault(b => b.Id == batteryId)?.UsableEnergyWh ?? 0;
        if (asked == 0 || capacity <= 0)
        {
            return sample with { SocMark = null };
        }

        if (reading.StatusDirection is { } direction && direction == -asked)
        {
            return sample with { MismatchAt = at, MismatchPowerW = 0, MismatchEstimated = true, SocMark = (reading.SocPercent, at, written) };
        }

        if (sample.SocMark is not { } mark || mark.SetpointSince != written)
        {
            return sample with { SocMark = (reading.SocPercent, at, written) };
        }

        var hours = (at - mark.At).TotalHours;
        var expectedPercent = 100 * setpoint * hours / capacity;
        if (Math.Abs(expectedPercent) < options.SocJudgeStepPercent)
        {
            return sample;
        }

        // A new window either way; a battery that did at least half of what it was asked follows (SoC steps are coarse).
        var movedPercent = reading.SocPercent - mark.SocPercent;
        sample = sample with { SocMark = (reading.SocPercent, at, written) };
        if (movedPercent * asked >= Math.Abs(expectedPercent) / 2)
        {
            return sample;
        }

        var didW = (long)Math.Round(movedPercent / 100 * capacity / hours, MidpointRounding.AwayFromZero);
        return sample with { MismatchAt = at, MismatchPowerW = didW, MismatchEstimated = true };
    }

    private long Tolerance(long setpoint) => Math.Max(options.FollowToleranceW, Math.Abs(setpoint) / 10);

    /// <summary>Stores a failed read; true when the battery was usable until now (a plan may have counted on it).</summary>
    public bool RecordProblem(string batteryId, string problem, DateTimeOffset at)
    {
        lock (_lock)
        {
            var before = Get(batteryId);
            _samples[batteryId] = before with { Problem = problem, ProblemAt = at };
            return before.IsUsable(at, options.StaleAfter);
        }
    }

    /// <summary>The setpoint the plan in force asks for (W, positive charges), or null: leave the battery to itself.</summary>
    public void Desire(string batteryId, long? setpointW)
    {
        lock (_lock)
        {
            _samples[batteryId] = Get(batteryId) with { DesiredW = setpointW };
            Complete(_desired, batteryId);
        }
    }

    /// <summary>Completes when the next setpoint is wanted (the poller wakes for it instead of waiting out its interval).</summary>
    public Task NextDesireAsync(string batteryId) => Next(_desired, batteryId);

    /// <summary>Completes when the poller next writes (or clears) a setpoint.</summary>
    public Task NextWriteAsync(string batteryId) => Next(_written, batteryId);

    public long? Desired(string batteryId)
    {
        lock (_lock)
        {
            return Get(batteryId).DesiredW;
        }
    }

    /// <summary>The poller wrote <paramref name="setpointW"/> to the battery (null: it cleared the control).</summary>
    public void Written(string batteryId, long? setpointW, DateTimeOffset at)
    {
        lock (_lock)
        {
            var before = Get(batteryId);
            // A changed setpoint starts a new grace period; a rewrite of the same one does not.
            var since = before.WrittenW == setpointW && before.WrittenAt is { } w ? w : at;
            _samples[batteryId] = before with { WrittenW = setpointW, WrittenAt = since, RewrittenAt = at };
            Complete(_written, batteryId);
        }
    }

    /// <summary>When the poller last wrote (or rewrote) a setpoint, and which.</summary>
    public (long? SetpointW, DateTimeOffset? At) LastWrite(string batteryId)
    {
        lock (_lock)
        {
            var s = Get(batteryId);
            return (s.WrittenW, s.RewrittenAt);
        }
    }

    /// <summary>True while the battery is planned with what it did instead of what it was asked (<see cref="BatteryOptions.NotFollowingHold"/>).</summary>
    public bool IsNotFollowing(string batteryId)
    {
        lock (_lock)
        {
            return Get(batteryId).MismatchAt is { } m && time.GetUtcNow() - m < options.NotFollowingHold;
        }
    }

    /// <summary>
    /// The group's batteries as the allocator sees them now: only those with a usable reading (a failing, stale or
    /// never-read battery is absent: no capacity from it); null when none is usable.
    /// </summary>
    public IReadOnlyList<BatterySnapshot>? For(ChargingGroup group)
    {
        var result = group.Batteries.Select(Snapshot).OfType<BatterySnapshot>().ToList();
        return result.Count > 0 ? result : null;
    }

    /// <summary>One battery for the allocator, or null when it has no usable reading (or no Modbus endpoint).</summary>
    public BatterySnapshot? Snapshot(BatteryDefinition battery)
    {
        BatterySample sample;
        lock (_lock)
        {
            sample = Get(battery.Id);
        }

        var now = time.GetUtcNow();
        if (battery.Modbus is null || !sample.IsUsable(now, options.StaleAfter) || sample.Reading is not { } reading)
        {
            return null;
        }

        var (stored, reserve, capacity) = Energy(battery, reading);
        var setpointLimit = reading.SetpointLimitW ?? 0;
        var maxCharge = Math.Min(setpointLimit, Limit(battery.MaxChargeW, reading.DeviceMaxChargeW));
        var maxDischarge = Math.Min(setpointLimit, Limit(battery.MaxDischargeW, reading.DeviceMaxDischargeW));
        if (sample.MismatchAt is { } m && now - m < options.NotFollowingHold && sample.MismatchPowerW is { } did)
        {
            // It did not do its setpoint: the plan uses what it does (decision 0266), until it has shown otherwise for a hold.
            maxCharge = Math.Min(maxCharge, Math.Max(0, did));
            maxDischarge = Math.Min(maxDischarge, Math.Max(0, -did));
        }

        return new BatterySnapshot(battery.Id, battery.CircuitId, stored, reserve, capacity, Math.Max(0, maxCharge), Math.Max(0, maxDischarge), battery.ChargeFromGrid);
    }

    /// <summary>Energy held (floor), the reserve (the site map's or the device's own, the larger; ceiling) and the usable energy, whole Wh.</summary>
    public static (long StoredWh, long ReserveWh, long CapacityWh) Energy(BatteryDefinition battery, BatteryReading reading)
    {
        var capacity = (long)Math.Floor(battery.UsableEnergyWh);
        var stored = Math.Clamp((long)Math.Floor(reading.SocPercent / 100 * capacity), 0, capacity);
        var reserve = Math.Max(battery.ReserveWh, (reading.DeviceReservePercent ?? 0) / 100 * capacity);
        return (stored, Math.Clamp((long)Math.Ceiling(reserve), 0, capacity), capacity);
    }

    /// <summary>For /api/v1/health and the group endpoint: every battery of the site map.</summary>
    public IReadOnlyList<BatteryHealth> Health()
    {
        var now = time.GetUtcNow();
        var result = new List<BatteryHealth>();
        foreach (var group in site.Topology.Groups)
        {
            foreach (var battery in group.Batteries)
            {
                BatterySample s;
                lock (_lock)
                {
                    s = Get(battery.Id);
                }

                var capacity = (long)Math.Floor(battery.UsableEnergyWh);
                long? stored = null;
                var reserve = (long)Math.Ceiling(Math.Min(battery.ReserveWh, capacity));
                if (s.Reading is { } r)
                {
                    (var held, reserve, capacity) = Energy(battery, r);
                    stored = held;
                }

                var status = battery.Modbus is null ? "not controlled"
                    : s.IsUsable(now, options.StaleAfter) ? (s.MismatchAt is { } m && now - m < options.NotFollowingHold ? "not following" : "ok")
                    : s.ProblemAt is { } p && (s.ReadAt is null || p > s.ReadAt) ? "failing"
                    : s.ReadAt is null ? "never read" : "stale";
                result.Add(new BatteryHealth(
                    battery.Id, group.Id, status, s.Reading?.SocPercent, stored, reserve, capacity,
                    s.Reading?.PowerW, s.WrittenW, s.ReadAt,
                    status == "not following"
                        ? s.MismatchEstimated
                            ? $"asked for {s.WrittenW} W, did about {s.MismatchPowerW} W by its state of charge and status; planned with what it does"
                            : $"asked for {s.WrittenW} W, measured {s.MismatchPowerW} W; planned with what it does"
                        : s.Problem,
                    status == "not following" ? s.MismatchAt : s.ProblemAt));
            }
        }

        return result;
    }

    private static long Limit(long? siteMap, long? device) => (siteMap, device) switch
    {
        ({ } m, { } d) => Math.Min(m, d),
        ({ } m, null) => m,
        (null, { } d) => d,
        _ => 0,
    };

    private Task Next(Dictionary<string, TaskCompletionSource> waiters, string batteryId)
    {
        lock (_lock)
        {
            if (!waiters.TryGetValue(batteryId, out var next))
            {
                waiters[batteryId] = next = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            return next.Task;
        }
    }

    private static void Complete(Dictionary<string, TaskCompletionSource> waiters, string batteryId)
    {
        if (waiters.Remove(batteryId, out var waiting))
        {
            waiting.TrySetResult();
        }
    }

    private BatterySample Get(string batteryId) =>
        _samples.TryGetValue(batteryId, out var s) ? s : new BatterySample(null, null, null, null, null, null, null, null, null, null);
}
