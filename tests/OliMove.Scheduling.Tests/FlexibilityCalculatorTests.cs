namespace OliMove.Scheduling.Tests;

public class FlexibilityCalculatorTests
{
    private static readonly DateTimeOffset Arrive = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Is_the_energy_times_the_laxity_in_kWh_h()
    {
        // 10 kWh at 5 kW takes 2 h; declared 8 h stay, left after 9 h: laxity = 8 − 2 = 6 h; 10 kWh × 6 h = 60.
        var s = new FinishedSession(Arrive, Arrive.AddHours(8), Arrive.AddHours(9), 10_000, 5_000, OptedIn: true);

        FlexibilityCalculator.FlexibilityKWhH(s, capHours: 12m).Should().Be(60m);
        FlexibilityCalculator.Tokens(s, capHours: 12m, tokensPerKWhH: 0.5m).Should().Be(30m);
    }

    [Fact]
    public void Uses_the_actual_departure_when_the_user_leaves_early_and_caps_the_laxity()
    {
        var early = new FinishedSession(Arrive, Arrive.AddHours(8), Arrive.AddHours(3), 10_000, 5_000, true);
        var capped = new FinishedSession(Arrive, Arrive.AddHours(30), Arrive.AddHours(30), 10_000, 5_000, true);

        FlexibilityCalculator.FlexibilityKWhH(early, 12m).Should().Be(10m);
        FlexibilityCalculator.FlexibilityKWhH(capped, 12m).Should().Be(120m);
    }

    [Fact]
    public void Declaring_more_energy_than_fits_gives_no_flexibility_and_no_negative_value()
    {
        var tight = new FinishedSession(Arrive, Arrive.AddHours(1), Arrive.AddHours(1), 10_000, 5_000, true);

        FlexibilityCalculator.FlexibilityKWhH(tight, 12m).Should().Be(0m);
    }

    [Fact]
    public void Only_opted_in_sessions_earn_tokens()
    {
        var s = new FinishedSession(Arrive, null, Arrive.AddHours(8), 10_000, 5_000, OptedIn: false);

        FlexibilityCalculator.FlexibilityKWhH(s, 12m).Should().Be(60m);
        FlexibilityCalculator.Tokens(s, 12m, 1m).Should().Be(0m);
    }

    [Fact]
    public void Rounds_half_even_to_six_decimals()
    {
        // 1 Wh at 3 W over 1 h: laxity 1 − 1/3 h; 0.001 kWh × 0.6666… = 0.000667 (6 decimals).
        var s = new FinishedSession(Arrive, Arrive.AddHours(1), Arrive.AddHours(1), 1, 3, true);

        FlexibilityCalculator.FlexibilityKWhH(s, 12m).Should().Be(0.000667m);
    }

    [Fact]
    public void Refuses_a_session_that_departs_before_it_arrives()
    {
        var s = new FinishedSession(Arrive, null, Arrive.AddHours(-1), 1000, 1000, true);

        ((Action)(() => FlexibilityCalculator.FlexibilityKWhH(s, 12m))).Should().Throw<ArgumentOutOfRangeException>();
    }
}
