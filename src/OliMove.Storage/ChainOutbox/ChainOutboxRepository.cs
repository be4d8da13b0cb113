using Microsoft.Data.Sqlite;

namespace OliMove.Storage;

/// <summary>
/// The durable queue of chain writes. A business fact and its outbox row are written in one unit of
/// work, so a chain write is never lost nor invented; the Key makes enqueueing idempotent.
/// </summary>
public sealed class ChainOutboxRepository
{
    private const string ItemColumns = "id, kind, key, payload_json, created_at, state, attempts, last_error, tx_hash";

    private readonly EdgeDatabase _db;

    public ChainOutboxRepository(EdgeDatabase db)
    {
        _db = db ?? throw new ArgumentNullException(nameof(db));
    }

    /// <summary>Inside a unit of work, with the business fact. Returns false when Key already exists (idempotent).</summary>
    public async Task<bool> EnqueueAsync(WriteScope scope, string kind, string key, string payloadJson, DateTimeOffset now, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentException.ThrowIfNullOrWhiteSpace(kind);
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        ArgumentException.ThrowIfNullOrWhiteSpace(payloadJson);

        await using var command = scope.CreateCommand("""
            INSERT INTO chain_outbox (kind, key, payload_json, created_at, state, attempts)
            VALUES ($kind, $key, $payload, $now, 'pending', 0)
            ON CONFLICT (key) DO NOTHING;
            """);
        command.Parameters.AddWithValue("$kind", kind);
        command.Parameters.AddWithValue("$key", key);
        command.Parameters.AddWithValue("$payload", payloadJson);
        command.Parameters.AddWithValue("$now", StoredTime.ToDb(now));
        return await command.ExecuteNonQueryAsync(ct) == 1;
    }

    /// <summary>Convenience: its own transaction.</summary>
    public Task<bool> EnqueueAsync(string kind, string key, string payloadJson, DateTimeOffset now, CancellationToken ct = default) =>
        _db.WriteAsync(scope => EnqueueAsync(scope, kind, key, payloadJson, now, ct), ct);

    /// <summary>Pending and Sent (sent, not yet confirmed) items, oldest first (by Id); kind null = all kinds.</summary>
    public Task<IReadOnlyList<OutboxItem>> ListUnconfirmedAsync(string? kind, int max, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(max);
        return _db.ReadAsync<IReadOnlyList<OutboxItem>>(async connection =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"""
                SELECT {ItemColumns} FROM chain_outbox
                WHERE state IN ('pending', 'sent') AND ($kind IS NULL OR kind = $kind)
                ORDER BY id
                LIMIT $max;
                """;
            command.Parameters.AddWithValue("$kind", (object?)kind ?? DBNull.Value);
            command.Parameters.AddWithValue("$max", max);
            var items = new List<OutboxItem>();
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                items.Add(ReadItem(reader));
            }

            return items;
        }, ct);
    }

    /// <summary>Items whose Key is given, in any state (e.g. to check what became of a settlement); missing keys are absent.</summary>
    public Task<IReadOnlyList<OutboxItem>> GetByKeysAsync(IReadOnlyList<string> keys, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        return _db.ReadAsync<IReadOnlyList<OutboxItem>>(async connection =>
        {
            var items = new List<OutboxItem>();
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT {ItemColumns} FROM chain_outbox WHERE key = $key;";
            var parameter = command.Parameters.Add("$key", SqliteType.Text);
            foreach (var key in keys.Distinct(StringComparer.Ordinal))
            {
                parameter.Value = key;
                await using var reader = await command.ExecuteReaderAsync(ct);
                if (await reader.ReadAsync(ct))
                {
                    items.Add(ReadItem(reader));
                }
            }

            return items;
        }, ct);
    }

    /// <summary>The newest item of a kind in any state (by Id), or null when the outbox holds none.</summary>
    public Task<OutboxItem?> LatestOfKindAsync(string kind, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(kind);
        return _db.ReadAsync<OutboxItem?>(async connection =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT {ItemColumns} FROM chain_outbox WHERE kind = $kind ORDER BY id DESC LIMIT 1;";
            command.Parameters.AddWithValue("$kind", kind);
            await using var reader = await command.ExecuteReaderAsync(ct);
            return await reader.ReadAsync(ct) ? ReadItem(reader) : null;
        }, ct);
    }

    /// <summary>Marks Pending or Sent items as sent in <paramref name="txHash"/> (a re-send replaces the hash). Confirmed items are left alone.</summary>
    public Task MarkSentAsync(IReadOnlyList<long> ids, string txHash, DateTimeOffset now, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(txHash);
        return UpdateEachAsync(ids, """
            UPDATE chain_outbox SET state = 'sent', tx_hash = $tx, sent_at = $now
            WHERE id = $id AND state IN ('pending', 'sent');
            """, command =>
            {
                command.Parameters.AddWithValue("$tx", txHash);
                command.Parameters.AddWithValue("$now", StoredTime.ToDb(now));
            }, ct);
    }

    /// <summary>Marks items as mined in <paramref name="blockNumber"/>; confirming twice is harmless.</summary>
    public Task MarkConfirmedAsync(IReadOnlyList<long> ids, string txHash, long blockNumber, DateTimeOffset now, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(txHash);
        ArgumentOutOfRangeException.ThrowIfNegative(blockNumber);
        return UpdateEachAsync(ids, """
            UPDATE chain_outbox SET state = 'confirmed', tx_hash = $tx, confirmed_block = $block, confirmed_at = $now
            WHERE id = $id;
            """, command =>
            {
                command.Parameters.AddWithValue("$tx", txHash);
                command.Parameters.AddWithValue("$block", blockNumber);
                command.Parameters.AddWithValue("$now", StoredTime.ToDb(now));
            }, ct);
    }

    /// <summary>permanent => Failed, else back to (or stays) Pending with Attempts+1. Confirmed items are left alone.</summary>
    public Task RecordFailureAsync(IReadOnlyList<long> ids, string error, bool permanent, DateTimeOffset now, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(error);
        return UpdateEachAsync(ids, """
            UPDATE chain_outbox SET state = $state, attempts = attempts + 1, last_error = $error, last_error_at = $now
            WHERE id = $id AND state <> 'confirmed';
            """, command =>
            {
                command.Parameters.AddWithValue("$state", permanent ? OutboxStateText.Failed : OutboxStateText.Pending);
                command.Parameters.AddWithValue("$error", error);
                command.Parameters.AddWithValue("$now", StoredTime.ToDb(now));
            }, ct);
    }

    /// <summary>
    /// Puts a parked (Failed) item back in the queue as Pending, in its original place: the writer sends by id, oldest
    /// first, so a requeued old item goes before everything queued after it. Its last error stays for the record; its
    /// transaction hash is cleared (it is sent afresh). Returns the item as it is now and whether it was requeued
    /// (false: it was not parked, nothing changed), or null when there is no such item.
    /// </summary>
    public Task<(OutboxItem Item, bool Requeued)?> RequeueAsync(long id, CancellationToken ct = default) =>
        _db.WriteAsync<(OutboxItem Item, bool Requeued)?>(async scope =>
        {
            int changed;
            await using (var update = scope.CreateCommand("UPDATE chain_outbox SET state = 'pending', tx_hash = NULL, sent_at = NULL WHERE id = $id AND state = 'failed';"))
            {
                update.Parameters.AddWithValue("$id", id);
                changed = await update.ExecuteNonQueryAsync(ct);
            }

            await using var select = scope.CreateCommand($"SELECT {ItemColumns} FROM chain_outbox WHERE id = $id;");
            select.Parameters.AddWithValue("$id", id);
            await using var reader = await select.ExecuteReaderAsync(ct);
            return await reader.ReadAsync(ct) ? (ReadItem(reader), changed == 1) : null;
        }, ct);

    /// <summary>The parked (Failed) items, oldest first.</summary>
    public Task<IReadOnlyList<OutboxItem>> ListParkedAsync(int max, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(max);
        return _db.ReadAsync<IReadOnlyList<OutboxItem>>(async connection =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT {ItemColumns} FROM chain_outbox WHERE state = 'failed' ORDER BY id LIMIT $max;";
            command.Parameters.AddWithValue("$max", max);
            var items = new List<OutboxItem>();
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                items.Add(ReadItem(reader));
            }

            return items;
        }, ct);
    }

    /// <summary>Every parked (Failed) item back in the queue in its original place (see <see cref="RequeueAsync"/>); returns their ids, oldest first.</summary>
    public Task<IReadOnlyList<long>> RequeueAllParkedAsync(CancellationToken ct = default) =>
        _db.WriteAsync<IReadOnlyList<long>>(async scope =>
        {
            var ids = new List<long>();
            await using (var select = scope.CreateCommand("SELECT id FROM chain_outbox WHERE state = 'failed' ORDER BY id;"))
            await using (var reader = await select.ExecuteReaderAsync(ct))
            {
                while (await reader.ReadAsync(ct))
                {
                    ids.Add(reader.GetInt64(0));
                }
            }

            await using var update = scope.CreateCommand("UPDATE chain_outbox SET state = 'pending', tx_hash = NULL, sent_at = NULL WHERE state = 'failed';");
            await update.ExecuteNonQueryAsync(ct);
            return ids;
        }, ct);

    public Task<OutboxStats> GetStatsAsync(CancellationToken ct = default) =>
        _db.ReadAsync(async connection =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = """
                SELECT
                    (SELECT COUNT(*) FROM chain_outbox WHERE state = 'pending'),
                    (SELECT COUNT(*) FROM chain_outbox WHERE state = 'sent'),
                    (SELECT MIN(created_at) FROM chain_outbox WHERE state = 'pending'),
                    (SELECT MAX(confirmed_block) FROM chain_outbox WHERE state = 'confirmed'),
                    (SELECT MAX(confirmed_at) FROM chain_outbox WHERE state = 'confirmed');
                SELECT last_error, last_error_at FROM chain_outbox
                WHERE last_error_at IS NOT NULL ORDER BY last_error_at DESC, id DESC LIMIT 1;
                SELECT (SELECT COUNT(*) FROM chain_outbox WHERE state = 'failed'), key, last_error, last_error_at
                FROM chain_outbox WHERE state = 'failed' ORDER BY last_error_at DESC, id DESC LIMIT 1;
                """;
            await using var reader = await command.ExecuteReaderAsync(ct);
            await reader.ReadAsync(ct);
            var pending = reader.GetInt32(0);
            var sent = reader.GetInt32(1);
            DateTimeOffset? oldestPending = reader.IsDBNull(2) ? null : StoredTime.FromDb(reader.GetInt64(2));
            long? lastBlock = reader.IsDBNull(3) ? null : reader.GetInt64(3);
            DateTimeOffset? lastConfirmedAt = reader.IsDBNull(4) ? null : StoredTime.FromDb(reader.GetInt64(4));

            string? lastError = null;
            DateTimeOffset? lastErrorAt = null;
            if (await reader.NextResultAsync(ct) && await reader.ReadAsync(ct))
            {
                lastError = reader.GetString(0);
                lastErrorAt = StoredTime.FromDb(reader.GetInt64(1));
            }

            var failed = 0;
            string? lastFailure = null;
            DateTimeOffset? lastFailureAt = null;
            if (await reader.NextResultAsync(ct) && await reader.ReadAsync(ct))
            {
                failed = reader.GetInt32(0);
                lastFailure = $"{reader.GetString(1)}: {(reader.IsDBNull(2) ? "no reason recorded" : reader.GetString(2))}";
                lastFailureAt = reader.IsDBNull(3) ? null : StoredTime.FromDb(reader.GetInt64(3));
            }

            return new OutboxStats(pending, sent, oldestPending, lastError, lastErrorAt, lastBlock, lastConfirmedAt)
            {
                FailedCount = failed,
                LastFailure = lastFailure,
                LastFailureAt = lastFailureAt,
            };
        }, ct);

    private Task UpdateEachAsync(IReadOnlyList<long> ids, string sql, Action<SqliteCommand> bind, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(ids);
        if (ids.Count == 0)
        {
            return Task.CompletedTask;
        }

        return _db.WriteAsync(async scope =>
        {
            await using var command = scope.CreateCommand(sql);
            bind(command);
            var idParameter = command.Parameters.Add("$id", SqliteType.Integer);
            foreach (var id in ids.Distinct())
            {
                idParameter.Value = id;
                if (await command.ExecuteNonQueryAsync(ct) == 0 && !await ExistsAsync(scope, id, ct))
                {
                    // Rolls back the whole batch: a half-marked batch would misreport what was sent.
                    throw new KeyNotFoundException($"Chain outbox item {id} does not exist.");
                }
            }
        }, ct);
    }

    private static async Task<bool> ExistsAsync(WriteScope scope, long id, CancellationToken ct)
    {
        await using var command = scope.CreateCommand("SELECT 1 FROM chain_outbox WHERE id = $id;");
        command.Parameters.AddWithValue("$id", id);
        return await command.ExecuteScalarAsync(ct) is not null;
    }

    private static OutboxItem ReadItem(SqliteDataReader reader) => new(
        reader.GetInt64(0),
        reader.GetString(1),
        reader.GetString(2),
        reader.GetString(3),
        StoredTime.FromDb(reader.GetInt64(4)),
        OutboxStateText.Parse(reader.GetString(5)),
        reader.GetInt32(6),
        reader.IsDBNull(7) ? null : reader.GetString(7),
        reader.IsDBNull(8) ? null : reader.GetString(8));
}
