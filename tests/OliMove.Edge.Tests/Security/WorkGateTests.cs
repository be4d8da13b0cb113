using OliMove.Edge.Security;

namespace OliMove.Edge.Tests.Security;

/// <summary>The bound on expensive work (decision 0247): so many run, so many wait, the rest are refused at once.</summary>
public class WorkGateTests
{
    [Fact]
    public async Task The_job_past_the_parallel_bound_waits_and_the_one_past_the_queue_is_refused()
    {
        var gate = new WorkGate(parallel: 1, queued: 1);
        var first = await gate.TryEnterAsync(CancellationToken.None);
        first.Should().NotBeNull();

        var second = gate.TryEnterAsync(CancellationToken.None).AsTask();
        await Poll.UntilAsync(() => gate.Waiting == 1, "the second caller queues", 30);
        second.IsCompleted.Should().BeFalse("one job runs: the second waits its turn");
        (await gate.TryEnterAsync(CancellationToken.None)).Should().BeNull("the queue is full: refused at once");

        first!.Dispose();
        using var secondSlot = await second.WaitAsync(TimeSpan.FromSeconds(30));
        secondSlot.Should().NotBeNull();
        gate.Running.Should().Be(1);
        gate.PeakRunning.Should().Be(1);
    }

    [Fact]
    public async Task A_waiter_that_gives_up_leaves_the_queue()
    {
        var gate = new WorkGate(parallel: 1, queued: 1);
        using var first = await gate.TryEnterAsync(CancellationToken.None);
        using var cancel = new CancellationTokenSource();
        var waiting = gate.TryEnterAsync(cancel.Token).AsTask();
        await Poll.UntilAsync(() => gate.Waiting == 1, "the second caller queues", 30);

        await cancel.CancelAsync();
        await FluentActions.Awaiting(() => waiting).Should().ThrowAsync<OperationCanceledException>();
        gate.Waiting.Should().Be(0);
        gate.Running.Should().Be(1, "the cancelled waiter never took a slot");
    }
}
