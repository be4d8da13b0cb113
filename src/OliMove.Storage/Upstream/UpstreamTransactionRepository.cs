using Microsoft.Data.Sqlite;

namespace OliMove.Storage;

/// <summary>The durable mapping of an edge transaction to the id its charger knows and the backend's id. Every
/// lookup names the charger: a backend id of one charger may equal an edge id of another.</summary>
public sealed class UpstreamTransactionRepository(EdgeDatabase db)
{
    private const string Columns = "transaction_id, charge_point_id, charger_facing_id, backend_transaction_id";

    private readonly SemaphoreSlim _loadLinked = new(1, 1);
    // The chargers with at least one row, read from the file once: most chargers never go through a link, and every
    // MeterValues asks about its charger (decision 0290). A superset is safe (it only costs a query): a charger is
    // added before its first row is written, and never removed.
    private volatile HashSet<string>? _linked;

    /// <summary>Whether the charger has any linked transaction; false means every look-up by its ids finds nothing.</summary>
    public async ValueTask<bool> HasLinksAsync(string chargePointId, CancellationToken ct = default)
    {
        var linked = _linked ?? await LoadLinkedAsync(ct);
        lock (linked)
        {
            return linked.Contains(chargePointId);
        }
    }

    /// <summary>Records the link once; a replayed start keeps the first row.</summary>
    public async Task AddAsync(UpstreamTransactionLink link, DateTimeOffset now, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(link);
        var linked = _linked ?? await LoadLinkedAsync(ct);
        lock (linked)
        {
            linked.Add(link.ChargePointId);
        }

        await db.WriteAsync(async scope =>
        {
            await using var command = scope.CreateCommand("""
                INSERT INTO upstream_transactions (transaction_id, charge_point_id, charger_facing_id, backend_transaction_id, created_at)
                VALUES ($tx, $cp, $facing, $backend, $now)
                ON CONFLICT (transaction_id) DO NOTHING;
                """);
            command.Parameters.AddWithValue("$tx", link.TransactionId);
            command.Parameters.AddWithValue("$cp", link.ChargePointId);
            command.Parameters.AddWithValue("$facing", link.ChargerFacingId);
            command.Parameters.AddNullable("$backend", link.BackendTransactionId);
            command.Parameters.AddWithValue("$now", StoredTime.ToDb(now));
            await command.ExecuteNonQueryAsync(ct);
        }, ct);
    }

    public Task SetBackendIdAsync(long transactionId, int backendTransactionId, CancellationToken ct = default) =>
        UpdateAsync("UPDATE upstream_transactions SET backend_transaction_id = $value WHERE transaction_id = $tx;", transactionId, backendTransactionId, ct);

    public Task SetChargerFacingIdAsync(long transactionId, int chargerFacingId, CancellationToken ct = default) =>
        UpdateAsync("UPDATE upstream_transactions SET charger_facing_id = $value WHERE transaction_id = $tx;", transactionId, chargerFacingId, ct);

    public Task<UpstreamTransactionLink?> GetAsync(long transactionId, CancellationToken ct = default) =>
        FindAsync("transaction_id = $a", transactionId, null, ct);

    /// <summary>The charger's transaction it calls <paramref name="chargerFacingId"/>; the newest when ids were
    /// reused (a backend id equal to an older edge id of the same charger).</summary>
    public Task<UpstreamTransactionLink?> FindByChargerFacingIdAsync(string chargePointId, int chargerFacingId, CancellationToken ct = default) =>
        FindAsync("charge_point_id = $b AND charger_facing_id = $a", chargerFacingId, chargePointId, ct);

    public Task<UpstreamTransactionLink?> FindByBackendIdAsync(string chargePointId, int backendTransactionId, CancellationToken ct = default) =>
        FindAsync("charge_point_id = $b AND backend_transaction_id = $a", backendTransactionId, chargePointId, ct);

    private async Task<HashSet<string>> LoadLinkedAsync(CancellationToken ct)
    {
        await _loadLinked.WaitAsync(ct);
        try
        {
            if (_linked is { } loaded)
            {
                return loaded;
            }

            _linked = await db.ReadAsync(async connection =>
            {
                await using var command = connection.CreateCommand();
                command.CommandText = "SELECT DISTINCT charge_point_id FROM upstream_transactions;";
                var found = new HashSet<string>(StringComparer.Ordinal);
                await using var reader = await command.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                {
                    found.Add(reader.GetString(0));
                }

                return found;
            }, ct);
            return _linked;
        }
        finally
        {
            _loadLinked.Release();
        }
    }

    private Task UpdateAsync(string sql, long transactionId, int value, CancellationToken ct) =>
        db.WriteAsync(async scope =>
        {
            await using var command = scope.CreateCommand(sql);
            command.Parameters.AddWithValue("$tx", transactionId);
            command.Parameters.AddWithValue("$value", value);
            await command.ExecuteNonQueryAsync(ct);
        }, ct);

    private Task<UpstreamTransactionLink?> FindAsync(string where, long a, string? b, CancellationToken ct) =>
        db.ReadAsync(async connection =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT {Columns} FROM upstream_transactions WHERE {where} ORDER BY transaction_id DESC LIMIT 1;";
            command.Parameters.AddWithValue("$a", a);
            if (b is not null)
            {
                command.Parameters.AddWithValue("$b", b);
            }
            await using var reader = await command.ExecuteReaderAsync(ct);
            return await reader.ReadAsync(ct) ? Read(reader) : null;
        }, ct);

    private static UpstreamTransactionLink Read(SqliteDataReader r) =>
        new(r.GetInt64(0), r.GetString(1), r.GetInt32(2), r.GetInt32OrNull(3));
}
