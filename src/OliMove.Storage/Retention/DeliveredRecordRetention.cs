using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace OliMove.Storage;

/// <summary>
/// Bounds what the queues keep once their job is done (decision 0220): confirmed chain outbox items of a kind that is
/// never enqueued again once confirmed (the slot records: a slot is committed once, when it ends) are deleted, and
/// upstream messages the backend acknowledged are deleted; security events are deleted once older than their own retention
/// (they are an audit trail, shown as alerts for a day, and a flood of them must not grow the file for ever). Pending, sent, failed and undelivered rows, and every other
/// kind (settlements, whose rows receipts read; the algorithm and asset records), are never touched. Rows are found on
/// a read connection and deleted by id in small units of work, so the write path is held only for the change itself.
/// Deleting rather than emptying a payload in place matters: SQLite does not merge pages that updates leave almost
/// empty, so emptied rows would still cost about a page each.
/// </summary>
public sealed class DeliveredRecordRetention
{
    private readonly EdgeDatabase _db;

    public DeliveredRecordRetention(EdgeDatabase db)
    {
        _db = db ?? throw new ArgumentNullException(nameof(db));
    }

    /// <summary>Deletes outbox items of <paramref name="kind"/> confirmed before <paramref name="cutoff"/>.</summary>
    public Task<RetentionBatches> DeleteConfirmedOutboxAsync(string kind, DateTimeOffset cutoff, int batchRows, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(kind);
        return RunAsync(
            "SELECT id FROM chain_outbox WHERE kind = $kind AND state = 'confirmed' AND confirmed_at < $cutoff ORDER BY id LIMIT $max;",
            "DELETE FROM chain_outbox WHERE id = $id AND kind = $kind AND state = 'confirmed' AND confirmed_at < $cutoff;",
            kind, cutoff, batchRows, ct);
    }

    /// <summary>Deletes upstream queue rows the backend acknowledged before <paramref name="cutoff"/>.</summary>
    public Task<RetentionBatches> DeleteDeliveredUpstreamAsync(DateTimeOffset cutoff, int batchRows, CancellationToken ct = default) =>
        RunAsync(
            "SELECT id FROM upstream_queue WHERE delivered_at IS NOT NULL AND delivered_at < $cutoff ORDER BY id LIMIT $max;",
            "DELETE FROM upstream_queue WHERE id = $id AND delivered_at IS NOT NULL AND delivered_at < $cutoff;",
            "", cutoff, batchRows, ct);

    /// <summary>Deletes security events received before <paramref name="cutoff"/> (decision 0254).</summary>
    public Task<RetentionBatches> DeleteSecurityEventsAsync(DateTimeOffset cutoff, int batchRows, CancellationToken ct = default) =>
        RunAsync(
            "SELECT id FROM security_events WHERE received_at < $cutoff ORDER BY id LIMIT $max;",
            "DELETE FROM security_events WHERE id = $id AND received_at < $cutoff;",
            "", cutoff, batchRows, ct);

    private async Task<RetentionBatches> RunAsync(string find, string change, string kind, DateTimeOffset cutoff, int batchRows, CancellationToken ct)
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
                Bind(command.Parameters, kind, cutoff);
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
                Bind(command.Parameters, kind, cutoff);
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

    private static void Bind(SqliteParameterCollection parameters, string kind, DateTimeOffset cutoff)
    {
        parameters.AddWithValue("$cutoff", StoredTime.ToDb(cutoff));
        parameters.AddWithValue("$kind", kind);
    }
}
