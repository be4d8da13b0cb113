using Microsoft.Data.Sqlite;
using OliMove.Edge.Testing;
using OliMove.Edge.Tests.FieldIntegrity;
using OliMove.Storage;

namespace OliMove.Edge.Tests.Integration;

/// <summary>
/// Short form of issue 17's overload acceptance (decisions 0225, 0226): chargers over real sockets offer far more
/// MeterValues than the store takes at once (each pipelines its frames without waiting, into a group-commit queue of
/// 8), and still every CALL is answered, every answered frame is a row in the SQLite file, and the queue never held
/// more than its capacity. The timed targets (rates, p99) live in tools/bench/ocpp-load.
/// </summary>
public class OverloadBackpressureTests
{
    [Fact]
    public async Task Chargers_offering_more_than_the_store_takes_are_slowed_down_and_every_call_is_answered_and_stored()
    {
        const int Chargers = 20;
        const int FramesEach = 100;
        const int Capacity = 8;
        await using var host = await EdgeTestHost.StartAsync(
            siteMapYaml: FieldSite.Yaml(2, Chargers / 2, 110_000),
            configure: o => o.Storage.GroupCommitCapacity = Capacity);
        var ids = FieldSite.Ids(2, Chargers / 2).ToList();
        var chargers = new List<RawChargePoint>();
        try
        {
            foreach (var id in ids)
            {
                var cp = await RawChargePoint.ConnectAsync(host.OcppUri, id);
                chargers.Add(cp);
                await cp.BootAsync();
            }

            var t0 = FieldSite.Ms(DateTimeOffset.UtcNow.AddHours(-1));
            var answered = 0;
            // All frames at once: far more than one commit takes, so frames wait in the sockets and the queue.
            await Task.WhenAll(chargers.SelectMany(cp => Enumerable.Range(0, FramesEach).Select(async i =>
            {
                await cp.MeterValuesAsync(1, null, t0.AddSeconds(i), 1_000 + i, 11_000);
                Interlocked.Increment(ref answered);
            })));

            answered.Should().Be(Chargers * FramesEach, "no accepted CALL goes unanswered");
            var stats = host.Get<EdgeDatabase>().GroupCommits;
            stats.QueueCapacity.Should().Be(Capacity);
            stats.HighestQueueDepth.Should().BeLessThanOrEqualTo(Capacity, "the queue in front of the store is bounded");
            stats.HighestQueueDepth.Should().BeGreaterThanOrEqualTo(Capacity / 2, "the offered load did fill the queue");
            stats.LargestBatch.Should().BeGreaterThan(1, "frames of several chargers shared a commit");

            // Every answered frame carried two samples; each is a row in the file.
            await using var connection = new SqliteConnection($"Data Source={host.Options.Database};Mode=ReadOnly;Pooling=False");
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT COUNT(*) FROM meter_values WHERE charge_point_id LIKE 'FLD-%' AND sampled_at >= $t0;";
            command.Parameters.AddWithValue("$t0", t0.ToUnixTimeMilliseconds());
            ((long)(await command.ExecuteScalarAsync())!).Should().Be(Chargers * FramesEach * 2L, "nothing acknowledged is lost");
        }
        finally
        {
            foreach (var cp in chargers)
            {
                await cp.DisposeAsync();
            }
        }
    }
}
