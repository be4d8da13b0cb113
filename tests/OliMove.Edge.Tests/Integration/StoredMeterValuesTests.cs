using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using OliMove.Edge.Testing;
using OliMove.Edge.Tests.FieldIntegrity;
using OliMove.Storage;

namespace OliMove.Edge.Tests.Integration;

/// <summary>
/// Short form of issue 17's persisted-throughput path (decision 0290): MeterValues of several chargers over real sockets,
/// sent all at once, are each answered, each stored with all five samples, and linked to a transaction only when it
/// is the sending charger's own. The transaction look-up runs inside the group-committed unit of work with prepared
/// statements reused across the batch, so this also checks that a batch mixing linked, foreign and unlinked frames
/// stores each one right. The timed targets live in tools/bench/ocpp-load (`service`).
/// </summary>
public class StoredMeterValuesTests
{
    private const int SamplesPerFrame = 5;

    [Fact]
    public async Task Every_answered_MeterValues_is_stored_with_all_its_samples_and_linked_only_to_its_own_chargers_transaction()
    {
        const int Chargers = 8;
        const int FramesEach = 45;
        await using var host = await EdgeTestHost.StartAsync(siteMapYaml: FieldSite.Yaml(2, Chargers / 2, 110_000));
        var ids = FieldSite.Ids(2, Chargers / 2).ToList();
        var chargers = new List<RawChargePoint>();
        try
        {
            var t0 = FieldSite.Ms(DateTimeOffset.UtcNow.AddHours(-1));
            var transactions = new List<int>();
            foreach (var id in ids)
            {
                var cp = await RawChargePoint.ConnectAsync(host.OcppUri, id);
                chargers.Add(cp);
                await cp.BootAsync();
                var started = await cp.StartAsync(1, "TAG-" + id, 1_000, t0);
                transactions.Add(started["transactionId"]!.GetValue<int>());
            }

            // Each charger's frames in turn carry its own transaction, its neighbour's (stored, but not linked to a
            // transaction of another charger), and none; all sent at once, so batches mix the three.
            var answered = 0;
            await Task.WhenAll(chargers.SelectMany((cp, c) => Enumerable.Range(1, FramesEach).Select(async f =>
            {
                int? transactionId = (f % 3) switch
                {
                    0 => transactions[c],
                    1 => transactions[(c + 1) % Chargers],
                    _ => null,
                };
                await cp.CallAsync("MeterValues", Frame(transactionId, t0.AddSeconds(f), f));
                Interlocked.Increment(ref answered);
            })));

            answered.Should().Be(Chargers * FramesEach, "no accepted CALL goes unanswered");
            const long Own = Chargers * (FramesEach / 3) * SamplesPerFrame;
            (await CountAsync(host, "SELECT COUNT(*) FROM meter_values WHERE sampled_at > $t0;", t0))
                .Should().Be(answered * (long)SamplesPerFrame, "every sample of every answered frame is a row");
            (await CountAsync(host, """
                SELECT COUNT(*) FROM meter_values m JOIN transactions t ON t.id = m.transaction_id
                WHERE m.sampled_at > $t0 AND t.charge_point_id = m.charge_point_id;
                """, t0)).Should().Be(Own, "a frame naming its charger's own transaction is linked to it");
            (await CountAsync(host, """
                SELECT COUNT(*) FROM meter_values m JOIN transactions t ON t.id = m.transaction_id
                WHERE m.sampled_at > $t0 AND t.charge_point_id <> m.charge_point_id;
                """, t0)).Should().Be(0, "another charger's transaction id is never linked");
            (await CountAsync(host, "SELECT COUNT(*) FROM meter_values WHERE sampled_at > $t0 AND transaction_id IS NULL;", t0))
                .Should().Be(answered * (long)SamplesPerFrame - Own);

            var stats = host.Get<EdgeDatabase>().GroupCommits;
            stats.HighestQueueDepth.Should().BeLessThanOrEqualTo(stats.QueueCapacity, "the queue in front of the store is bounded");
        }
        finally
        {
            foreach (var cp in chargers)
            {
                await cp.DisposeAsync();
            }
        }
    }

    /// <summary>A MeterValues as the load driver sends it: one meter value of five samples (energy, power, three currents).</summary>
    private static JsonObject Frame(int? transactionId, DateTimeOffset at, int n)
    {
        var payload = new JsonObject
        {
            ["connectorId"] = 1,
            ["meterValue"] = new JsonArray(new JsonObject
            {
                ["timestamp"] = RawChargePoint.Time(at),
                ["sampledValue"] = new JsonArray(
                    Sample((1_000 + n).ToString(CultureInfo.InvariantCulture), "Energy.Active.Import.Register", "Wh"),
                    Sample("7.36", "Power.Active.Import", "kW"),
                    Sample("10.7", "Current.Import", "A", "L1"),
                    Sample("10.6", "Current.Import", "A", "L2"),
                    Sample("10.7", "Current.Import", "A", "L3")),
            }),
        };
        if (transactionId is { } id)
        {
            payload["transactionId"] = id;
        }

        return payload;
    }

    private static JsonObject Sample(string value, string measurand, string unit, string? phase = null)
    {
        var sample = new JsonObject { ["value"] = value, ["measurand"] = measurand, ["unit"] = unit };
        if (phase is not null)
        {
            sample["phase"] = phase;
        }

        return sample;
    }

    private static async Task<long> CountAsync(EdgeTestHost host, string sql, DateTimeOffset t0)
    {
        await using var connection = new SqliteConnection($"Data Source={host.Options.Database};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$t0", t0.ToUnixTimeMilliseconds());
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
