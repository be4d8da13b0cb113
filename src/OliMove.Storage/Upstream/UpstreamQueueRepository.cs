using Microsoft.Data.Sqlite;

namespace OliMove.Storage;

/// <summary>The durable queue of transaction messages for the CPO's backend, delivered in order per charger.</summary>
public sealed class UpstreamQueueRepository(EdgeDatabase db)
{
    private const string Columns = "id, charge_point_id, action, payload_json, transaction_id, created_at, delivered_at, attempts, last_error";

    /// <summary>Stores the message unless its <paramref name="dedupKey"/> is already there (a charger's replay);
    /// returns the row's id either way, and whether it was added now.</summary>
    public async Task<(long Id, bool Added)> EnqueueAsync(string chargePointId, string action, string dedupKey, string payloadJson,
        long? transactionId, DateTimeOffset now, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(chargePointId);
        ArgumentException.ThrowIfNullOrWhiteSpace(action);
        ArgumentException.ThrowIfNullOrWhiteSpace(dedupKey);
        ArgumentException.ThrowIfNullOrWhiteSpace(payloadJson);
        return await db.WriteAsync(async scope =>
        {
            var added = false;
            await using (var insert = scope.CreateCommand("""
                INSERT INTO upstream_queue (charge_point_id, action, dedup_key, payload_json, transaction_id, created_at)
                VALUES ($cp, $action, $key, $payload, $tx, $now)
                ON CONFLICT (dedup_key) DO NOTHING;
                """))
            {
                insert.Parameters.AddWithValue("$cp", chargePointId);
                insert.Parameters.AddWithValue("$action", action);
                insert.Parameters.AddWithValue("$key", dedupKey);
                insert.Parameters.AddWithValue("$payload", payloadJson);
                insert.Parameters.AddNullable("$tx", transactionId);
                insert.Parameters.AddWithValue("$now", StoredTime.ToDb(now));
                added = await insert.ExecuteNonQueryAsync(ct) == 1;
            }
            await using var select = scope.CreateCommand("SELECT id FROM upstream_queue WHERE dedup_key = $key;");
            select.Parameters.AddWithValue("$key", dedupKey);
            return ((long)(await select.ExecuteScalarAsync(ct))!, added);
        }, ct);
    }

    /// <summary>The charger's undelivered messages, oldest first.</summary>
    public Task<IReadOnlyList<UpstreamQueueItem>> ListPendingAsync(string chargePointId, int max, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(max);
        return ListAsync("WHERE charge_point_id = $cp AND delivered_at IS NULL ORDER BY id LIMIT $max", p =>
        {
            p.AddWithValue("$cp", chargePointId);
            p.AddWithValue("$max", max);
        }, ct);
    }

    public Task<UpstreamQueueItem?> GetAsync(long id, CancellationToken ct = default) =>
        db.ReadAsync(async connection =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT {Columns} FROM upstream_queue WHERE id = $id;";
            command.Parameters.AddWithValue("$id", id);
            await using var reader = await command.ExecuteReaderAsync(ct);
            return await reader.ReadAsync(ct) ? Read(reader) : null;
        }, ct);

    /// <summary>Every message of the queue in order (delivered or not), for audits and tests.</summary>
    public Task<IReadOnlyList<UpstreamQueueItem>> ListAllAsync(string chargePointId, CancellationToken ct = default) =>
        ListAsync("WHERE charge_point_id = $cp ORDER BY id", p => p.AddWithValue("$cp", chargePointId), ct);

    public Task<int> CountPendingAsync(string chargePointId, CancellationToken ct = default) =>
        db.ReadAsync(async connection =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT COUNT(*) FROM upstream_queue WHERE charge_point_id = $cp AND delivered_at IS NULL;";
            command.Parameters.AddWithValue("$cp", chargePointId);
            return Convert.ToInt32(await command.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
        }, ct);

    public Task MarkDeliveredAsync(long id, DateTimeOffset now, CancellationToken ct = default) =>
        db.WriteAsync(async scope =>
        {
            await using var command = scope.CreateCommand(
                "UPDATE upstream_queue SET delivered_at = $now, attempts = attempts + 1 WHERE id = $id AND delivered_at IS NULL;");
            command.Parameters.AddWithValue("$id", id);
            command.Parameters.AddWithValue("$now", StoredTime.ToDb(now));
            await command.ExecuteNonQueryAsync(ct);
        }, ct);

    /// <summary>A delivery failed (CALLERROR, invalid answer, no answer): the message stays, to be tried again.</summary>
    public Task RecordFailureAsync(long id, string error, CancellationToken ct = default) =>
        db.WriteAsync(async scope =>
        {
            await using var command = scope.CreateCommand(
                "UPDATE upstream_queue SET attempts = attempts + 1, last_error = $error WHERE id = $id;");
            command.Parameters.AddWithValue("$id", id);
            command.Parameters.AddWithValue("$error", error.Length <= 500 ? error : error[..500]);
            await command.ExecuteNonQueryAsync(ct);
        }, ct);

    private Task<IReadOnlyList<UpstreamQueueItem>> ListAsync(string where, Action<SqliteParameterCollection> bind, CancellationToken ct) =>
        db.ReadAsync<IReadOnlyList<UpstreamQueueItem>>(async connection =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT {Columns} FROM upstream_queue {where};";
            bind(command.Parameters);
            var items = new List<UpstreamQueueItem>();
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                items.Add(Read(reader));
            }
            return items;
        }, ct);

    private static UpstreamQueueItem Read(SqliteDataReader r) => new(
        r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetInt64OrNull(4), r.GetTime(5),
        r.GetTimeOrNull(6), r.GetInt32(7), r.GetStringOrNull(8));
}
