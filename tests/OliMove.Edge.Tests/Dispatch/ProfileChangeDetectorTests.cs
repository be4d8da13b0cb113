using OliMove.Edge.Dispatch;

namespace OliMove.Edge.Tests.Dispatch;

public class ProfileChangeDetectorTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);
    private readonly ProfileChangeDetector _detector = new(TimeSpan.FromHours(6));

    private static ChargingProfileSpec Plan(DateTimeOffset start, params long[] watts) =>
        ChargingProfileBuilder.BuildTxProfile(new TxPlanTarget(1, 7, ProfileRateUnit.W, 3, 230m, start, TimeSpan.FromMinutes(15), watts, 96, 1, 1001));

    private static long[] Day(long first, long rest) => [first, .. Enumerable.Repeat(rest, 95)];

    [Fact]
    public void Sends_when_nothing_is_installed()
    {
        _detector.MustSend(null, Plan(T0, Day(1000, 1000)), T0).Should().BeTrue();
    }

    [Fact]
    public void Skips_the_same_plan_shifted_by_one_slot()
    {
        var installed = Plan(T0, Day(2000, 1000));
        var next = Plan(T0.AddMinutes(15), Day(1000, 1000));

        _detector.MustSend(installed, next, T0.AddMinutes(15)).Should().BeFalse();
    }

    [Fact]
    public void Sends_when_a_future_limit_changes()
    {
        var installed = Plan(T0, Day(2000, 1000));
        var next = Plan(T0.AddMinutes(15), [1000, 1000, 1500, .. Enumerable.Repeat(1000L, 93)]);

        _detector.MustSend(installed, next, T0.AddMinutes(15)).Should().BeTrue();
    }

    [Fact]
    public void Resends_an_unchanged_plan_before_the_installed_one_runs_short()
    {
        var installed = Plan(T0, Day(1000, 1000));
        var now = T0.AddHours(19);

        _detector.MustSend(installed, Plan(now, Day(1000, 1000)), now).Should().BeTrue();
    }
}
