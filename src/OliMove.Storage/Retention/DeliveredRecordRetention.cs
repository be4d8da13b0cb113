using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace OliMove.Storage;

/// <summary>
/// Bounds what the queues keep once their job is done (decision 0220): confirmed chain outbox items lose their
/// payload (the chain holds it; key, state and transaction hash stay, so enqueueing stays idempotent and receipts
/// can still say where it went), and upstream messages the backend acknowledged are deleted. Pending, sent, failed
/// and undelivered rows are never touched. Rows are found on a read connection and changed by id in small units
/// of work, so the write path is held only for the change itself.
/// </summary>
public sealed class DeliveredRecordRetention
{
    /// <summary>The payload a confirmed outbox item keeps after compaction.</summary>
    public const string CompactedPayload = "{}";

    private readonly EdgeDatabase _db;

    public DeliveredRecordRetention(EdgeDatabase db)
    {
        _db = db ?? throw new ArgumentNullException(nameof(db));
    }

    /// <summary>Empties the payload of outbox items confirmed before <paramref name="cutoff"/>.</summary>
    public Task<RetentionBatches> CompactConfirmedOutboxAsync(DateTimeOffset cutoff, int batchRows, CancellationToken ct = default) =>
        RunAsync(
            "SELECT id FROM chain_outbox WHERE state = 'confirmed' AND confirmed_at < $cutoff AND payload_json <> $compacted ORDER BY id LIMIT $max;",
            "UPDATE chain_outbox SET payload_json = $compacted WHERE id = $id AND state = 'confirmed' AND confirmed_at < $cutoff;",
            cutoff, batchRows, ct);

    /// <summary>Deletes upstream queue rows the backend acknowledged before <paramref name="cutoff"/>.</summary>
    public Task<RetentionBatches> DeleteDeliveredUpstreamAsync(DateTimeOffset cutoff, int batchRows, CancellationToken ct = default) =>
        RunAsync(
            "SELECT id FROM upstream_queue WHERE delivered_at IS NOT NULL AND delivered_at < $cutoff ORDER BY id LIMIT $max;",
            "DELETE FROM upstream_queue WHERE id = $id AND delivered_at IS NOT NULL AND delivered_at < $cutoff;",
            cutoff, batchRows, ct);

    private async Task<RetentionBatches> RunAsync(string find, string change, DateTimeOffset cutoff, int batchRows, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchRows);
        var done = RetentionBatches.None;
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            var ids = await _db.ReadAsync<IReadOnlyList<long>>(async connection =>
            {
                await using var command = connection.CreateCommand();
                command.CommandText = find;
                Bind(command.Parameters, cutoff);
                command.Parameters.AddWithValue("$max", batchRows);
                var found = new List<long>();
                await using var r = await command.ExecuteReaderAsync(ct);
                while (await r.ReadAsync(ct))
                {
                    found.Add(r.GetInt64(0));
                }

                return found;
            }, ct);
            if (ids.Count == 0)
            {
                return done;
            }

            var started = 0L;
            var changed = await _db.WriteAsync(async scope =>
            {
                started = Stopwatch.GetTimestamp();
                await using var command = scope.CreateCommand(change);
                Bind(command.Parameters, cutoff);
                var id = command.Parameters.Add("$id", SqliteType.Integer);
                var count = 0;
                foreach (var rowId in ids)
                {
                    id.Value = rowId;
                    count += await command.ExecuteNonQueryAsync(ct);
                }

                return count;
            }, ct);
            done = done.Add(changed, Stopwatch.GetElapsedTime(started));
            if (ids.Count < batchRows)
            {
                return done;
            }
        }
    }

    private static void Bind(SqliteParameterCollection parameters, DateTimeOffset cutoff)
    {
        parameters.AddWithValue("$cutoff", StoredTime.ToDb(cutoff));
        parameters.AddWithValue("$compacted", CompactedPayload);
    }
}
