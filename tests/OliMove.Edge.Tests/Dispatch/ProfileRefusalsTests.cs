using OliMove.Edge.Dispatch;

namespace OliMove.Edge.Tests.Dispatch;

public class ProfileRefusalsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);
    private readonly ProfileRefusals _refusals = new();

    [Fact]
    public void One_or_two_refusals_are_not_a_refusing_charger()
    {
        _refusals.Refused("CP-1", "profile Rejected", T0, 0).Should().BeFalse();
        _refusals.Refused("CP-1", "profile Rejected", T0, 0).Should().BeFalse();

        _refusals.IsRefusing("CP-1").Should().BeFalse();
        _refusals.MayTry("CP-1", T0).Should().BeTrue();
        _refusals.Problem("CP-1").Should().BeNull();
    }

    [Fact]
    public void Three_refusals_in_a_row_back_off_doubling_up_to_fifteen_minutes()
    {
        _refusals.Refused("CP-1", "profile Rejected", T0, 0);
        _refusals.Refused("CP-1", "profile Rejected", T0, 0);
        _refusals.Refused("CP-1", "profile Rejected", T0, 0).Should().BeTrue("the third makes it refusing: log it once");

        var now = T0;
        foreach (var minutes in new[] { 1, 2, 4, 8, 15, 15 })
        {
            _refusals.MayTry("CP-1", now.AddMinutes(minutes).AddSeconds(-1)).Should().BeFalse($"backed off for {minutes} min");
            now = now.AddMinutes(minutes);
            _refusals.MayTry("CP-1", now).Should().BeTrue();
            _refusals.Refused("CP-1", "profile Rejected", now, 0).Should().BeFalse("already reported");
        }

        _refusals.Problem("CP-1").Should().Contain("refuses SetChargingProfile (profile Rejected)").And.Contain("since 2026-03-01 08:00:00Z");
        _refusals.MayTry("CP-2", T0).Should().BeTrue("one charger's refusals are not another's");
    }

    [Fact]
    public void An_accepted_profile_ends_the_refusal()
    {
        for (var i = 0; i < 3; i++)
        {
            _refusals.Refused("CP-1", "profile Rejected", T0, 0);
        }

        _refusals.Accepted("CP-1");

        _refusals.IsRefusing("CP-1").Should().BeFalse();
        _refusals.Problem("CP-1").Should().BeNull();
    }

    [Fact]
    public void Refusals_of_sends_built_from_older_terms_do_not_count()
    {
        var before = _refusals.Generation("CP-1");
        _refusals.Forget("CP-1");

        for (var i = 0; i < 3; i++)
        {
            _refusals.Refused("CP-1", "profile Rejected", T0, before).Should().BeFalse();
        }

        _refusals.IsRefusing("CP-1").Should().BeFalse();
    }
}
