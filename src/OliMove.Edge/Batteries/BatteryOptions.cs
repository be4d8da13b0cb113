namespace OliMove.Edge.Batteries;

/// <summary>How site batteries are polled and driven, and when a battery stops counting (decision 0310).</summary>
public sealed record BatteryOptions
{
    /// <summary>Time between two reads of one battery (its setpoint is (re)written in the same turn).</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>A reading older than this is stale: the battery is planned as absent (no capacity from it).</summary>
    public TimeSpan StaleAfter { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Modbus request timeout.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Model 124's revert timeout written with each setpoint: a battery whose edge falls silent drops the control after it.</summary>
    public TimeSpan RevertTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>An unchanged setpoint is written again this often, well inside the revert timeout.</summary>
    public TimeSpan RewriteEvery { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>Time a battery has to reach a new setpoint before its measured power is compared with it.</summary>
    public TimeSpan FollowGrace { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Measured power farther than this (or 10 % of the setpoint, the larger) from the setpoint is "not following".</summary>
    public long FollowToleranceW { get; init; } = 500;

    /// <summary>
    /// After a battery last failed to follow, it is planned with what it did for this long (clock time, not scaled:
    /// a slot), so a battery that idles is not offered the same discharge again at every poll.
    /// </summary>
    public TimeSpan NotFollowingHold { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// Without a measured power (no model 802), the state of charge is compared with the setpoint once the setpoint
    /// should have moved it by this many percentage points since the window began: enough for a device that reports
    /// whole percent to show the move (decision 0350).
    /// </summary>
    public double SocJudgeStepPercent { get; init; } = 2;
}
