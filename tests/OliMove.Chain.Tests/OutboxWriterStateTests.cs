using System.Text.Json;
using OliMove.Storage;

namespace OliMove.Chain.Tests;

/// <summary>What the API shows about the outbox: the writer's health with the outbox's counters, flat.</summary>
public class OutboxWriterStateTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);

    private static readonly OutboxStats Stats = new(
        PendingCount: 3, SentCount: 1, OldestPendingAt: T0, LastError: "Transaction 0xab reverted on chain.",
        LastErrorAt: T0.AddMinutes(5), LastConfirmedBlock: 42, LastConfirmedAt: T0.AddMinutes(4))
    {
        FailedCount = 2,
        LastFailure = "slot:7: The contract refused the write: UnknownAlgorithmVersion.",
        LastFailureAt = T0.AddMinutes(3),
    };

    [Fact]
    public void Shows_the_writers_own_error_when_it_is_as_new_or_newer_than_the_outboxs()
    {
        var state = new OutboxWriterState(ChainHealth.Unreachable, "down", T0.AddMinutes(6), Stats, "down", T0.AddMinutes(6), T0.AddMinutes(7));

        state.LastError.Should().Be("down");
        state.LastErrorAt.Should().Be(T0.AddMinutes(6));
    }

    [Fact]
    public void Shows_the_outboxs_error_when_the_writer_has_none_or_an_older_one()
    {
        new OutboxWriterState(ChainHealth.Healthy, null, T0, Stats, null, null, null)
            .LastError.Should().Be(Stats.LastError);
        new OutboxWriterState(ChainHealth.Healthy, null, T0, Stats, "old", T0, null)
            .LastErrorAt.Should().Be(Stats.LastErrorAt);
    }

    [Fact]
    public void Serializes_flat_with_the_outboxs_counters_as_the_cockpit_reads_them()
    {
        var state = new OutboxWriterState(ChainHealth.Healthy, null, T0, Stats, null, null, null);

        var json = JsonSerializer.SerializeToElement(state, new JsonSerializerOptions(JsonSerializerDefaults.Web));

        json.EnumerateObject().Select(p => p.Name).Should().Equal(
            "health", "healthMessage", "healthCheckedAt", "pendingCount", "sentCount", "oldestPendingAt",
            "failedCount", "lastFailure", "lastFailureAt", "lastError", "lastErrorAt", "lastConfirmedBlock", "lastConfirmedAt", "nextAttemptAt");
        json.GetProperty("pendingCount").GetInt32().Should().Be(3);
        json.GetProperty("sentCount").GetInt32().Should().Be(1);
        json.GetProperty("lastConfirmedBlock").GetInt64().Should().Be(42);
        json.GetProperty("failedCount").GetInt32().Should().Be(2, "parked items are an alert the cockpit shows");
        json.GetProperty("lastFailure").GetString().Should().StartWith("slot:7: ");
    }
}
