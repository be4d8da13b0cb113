namespace OliMove.Edge.Hosting;

/// <summary>
/// A timer of <see cref="FrozenTimeProvider"/>: a later <see cref="ITimer.Change"/> (PeriodicTimer arms its timer
/// that way) stays on the frozen clock too.
/// </summary>
internal sealed class FrozenTimer(ITimer timer) : ITimer
{
    /// <summary>Due at once fires at once; anything later never comes on a clock that does not move.</summary>
    public static TimeSpan Due(TimeSpan span) => span == TimeSpan.Zero ? span : Timeout.InfiniteTimeSpan;

    /// <summary>A zero period is a one-shot timer; any other period would only come round on a clock that moves.</summary>
    public static TimeSpan Period(TimeSpan span) => span == TimeSpan.Zero ? span : Timeout.InfiniteTimeSpan;

    public bool Change(TimeSpan dueTime, TimeSpan period) => timer.Change(Due(dueTime), Period(period));

    public void Dispose() => timer.Dispose();

    public ValueTask DisposeAsync() => timer.DisposeAsync();
}
