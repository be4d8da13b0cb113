using OliMove.Edge.Api.Views;

namespace OliMove.Edge.Api;

/// <summary>One group's measured-power points for <see cref="GroupPowerHistory"/>, and when its sum was last taken.
/// The points are guarded by locking this object; the two fields are read without the lock on every MeterValues.</summary>
public sealed class GroupPowerSeries
{
    public List<PowerPoint> Points { get; } = [];

    /// <summary>UTC ticks of the last sum taken.</summary>
    public long SampledAtTicks;

    /// <summary>A connector of the group changed after the last sum was taken (so a read takes it again).</summary>
    public volatile bool Changed;
}
