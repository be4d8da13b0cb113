using Microsoft.Extensions.Time.Testing;
using OliMove.Edge.Security;
using OliMove.Ocpp.CentralSystem;

namespace OliMove.Edge.Tests.Security;

/// <summary>The counters behind every attempt limit (decisions 0228, 0246): fixed windows, counted before the work.</summary>
public class AttemptLimiterTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 5, 6, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_attempt_past_the_limit_is_refused_with_the_time_left_and_the_limit_lifts_after_its_window()
    {
        var time = new FakeTimeProvider(Start);
        var limiter = new AttemptLimiter(time);
        var window = TimeSpan.FromMinutes(15);

        limiter.TryTake("login:alice", 3, window).Should().BeNull();
        limiter.TryTake("login:alice", 3, window).Should().BeNull();
        limiter.TryTake("login:alice", 3, window).Should().BeNull();
        time.Advance(TimeSpan.FromMinutes(5));
        limiter.TryTake("login:alice", 3, window).Should().Be(TimeSpan.FromMinutes(10), "the 4th attempt waits for the rest of the window");
        limiter.TryTake("login:bob", 3, window).Should().BeNull("another key has its own count");

        time.Advance(TimeSpan.FromMinutes(10));
        limiter.TryTake("login:alice", 3, window).Should().BeNull("the window has passed");
    }

    [Fact]
    public void A_refunded_attempt_does_not_count_and_a_cleared_key_starts_afresh()
    {
        var limiter = new AttemptLimiter(new FakeTimeProvider(Start));
        var window = TimeSpan.FromMinutes(1);
        limiter.TryTake("k", 2, window).Should().BeNull();
        limiter.TryTake("k", 2, window).Should().BeNull();
        limiter.Refund("k");
        limiter.TryTake("k", 2, window).Should().BeNull("one attempt was handed back");
        limiter.TryTake("k", 2, window).Should().NotBeNull();

        limiter.Clear("k");
        limiter.TryTake("k", 2, window).Should().BeNull();
    }

    [Fact]
    public async Task Concurrent_attempts_never_get_past_the_limit()
    {
        var limiter = new AttemptLimiter(new FakeTimeProvider(Start));
        var passed = 0;
        await Parallel.ForAsync(0, 2_000, (_, _) =>
        {
            if (limiter.TryTake("address:10.0.0.9", 20, TimeSpan.FromMinutes(1)) is null)
            {
                Interlocked.Increment(ref passed);
            }

            return ValueTask.CompletedTask;
        });

        passed.Should().Be(20);
    }

    [Fact]
    public async Task Concurrent_OCPP_attempts_under_one_id_begin_at_most_the_limit()
    {
        var limiter = new AuthenticationFailureLimiter(
            new OcppCentralSystemOptions { MaxAuthenticationFailuresPerChargePoint = 5, MaxAuthenticationFailuresPerAddress = 50, AuthenticationFailureWindow = TimeSpan.FromMinutes(1) },
            new FakeTimeProvider(Start));
        var begun = 0;
        await Parallel.ForAsync(0, 500, (i, _) =>
        {
            if (limiter.TryBegin("CP-1", "10.0.0." + (i % 7)) is null)
            {
                Interlocked.Increment(ref begun);
            }

            return ValueTask.CompletedTask;
        });

        begun.Should().Be(5, "each attempt is counted before its key is checked, so a burst cannot all slip through");
    }

    [Fact]
    public void An_OCPP_success_hands_the_address_its_attempt_back_and_a_forgiven_attempt_counts_nowhere()
    {
        var limiter = new AuthenticationFailureLimiter(
            new OcppCentralSystemOptions { MaxAuthenticationFailuresPerChargePoint = 1, MaxAuthenticationFailuresPerAddress = 2, AuthenticationFailureWindow = TimeSpan.FromMinutes(1) },
            new FakeTimeProvider(Start));

        limiter.TryBegin("CP-1", "10.0.0.9").Should().BeNull();
        limiter.NoteSuccess("CP-1", "10.0.0.9");
        limiter.TryBegin("CP-2", "10.0.0.9").Should().BeNull();
        limiter.Forgive("CP-2", "10.0.0.9");
        limiter.TryBegin("CP-3", "10.0.0.9").Should().BeNull();
        limiter.TryBegin("CP-4", "10.0.0.9").Should().BeNull("only CP-3's attempt counts so far: the address has one left");
        limiter.TryBegin("CP-5", "10.0.0.9").Should().NotBeNull("two failures are counted now");
        limiter.TryBegin("CP-3", "10.0.0.8").Should().NotBeNull("CP-3 used its one failure");
    }
}
