using OliMove.Edge.Planning;

namespace OliMove.Edge.Tests.Planning;

/// <summary>The event re-plan requests: a group asked for many times before a drain is re-planned once (decision 0375).</summary>
public class ReplanSignalTests
{
    [Fact]
    public void Many_requests_for_one_group_drain_as_that_group_once()
    {
        var signal = new ReplanSignal();
        for (var i = 0; i < 1_000; i++)
        {
            signal.Request("cabinet-02");
            signal.Request("cabinet-01");
        }

        signal.Drain().Should().Equal("cabinet-01", "cabinet-02");
        signal.Requests.Should().Be(2_000, "every request is counted, however many one re-plan covers");
        signal.Drain().Should().BeEmpty("nothing was asked for since");
    }

    [Fact]
    public async Task A_request_wakes_the_waiting_loop_and_a_drained_signal_waits_again()
    {
        var signal = new ReplanSignal();
        var waiting = signal.WaitAsync(CancellationToken.None).AsTask();
        waiting.IsCompleted.Should().BeFalse("nothing was asked for");

        signal.Request("cabinet-01");
        (await waiting.WaitAsync(TimeSpan.FromSeconds(30))).Should().BeTrue();
        signal.IsAsked("cabinet-01").Should().BeTrue();
        signal.Drain().Should().Equal("cabinet-01");
        signal.IsAsked("cabinet-01").Should().BeFalse("its round has begun");

        signal.WaitAsync(CancellationToken.None).AsTask().IsCompleted.Should().BeFalse("the drain took the one wake-up of all those requests");
    }

    [Fact]
    public async Task A_request_made_after_a_drain_is_in_the_next_drain_and_wakes_the_loop()
    {
        var signal = new ReplanSignal();
        signal.Request("cabinet-01");
        signal.Drain().Should().Equal("cabinet-01");

        signal.Request("cabinet-01"); // an event during the re-plan that the drain began

        (await signal.WaitAsync(CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(30))).Should().BeTrue();
        signal.Drain().Should().Equal("cabinet-01");
    }
}
