namespace OliMove.Edge.Hosting;

/// <summary>
/// A clock that stands still at one instant (<c>run --clock-speed 0</c>), so that two service processes can be
/// asked for their plan at exactly the same moment (decision 0161). As on a fake clock that is never advanced, a
/// timer fires only when it is due at once; nothing due later ever comes. Never used on a real site.
/// </summary>
public sealed class FrozenTimeProvider(DateTimeOffset at) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => at;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        new FrozenTimer(System.CreateTimer(callback, state, FrozenTimer.Due(dueTime), FrozenTimer.Period(period)));
}
