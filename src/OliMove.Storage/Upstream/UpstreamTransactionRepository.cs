using Microsoft.Data.Sqlite;

namespace OliMove.Storage;

/// <summary>The durable mapping of an edge transaction to the id its charger knows and the backend's id. Every
/// lookup names the charger: a backend id of one charger may equal an edge id of another.</summary>
public sealed class UpstreamTransactionRepository(EdgeDatabase db)
{
    private const string Columns = "transaction_id, charge_point_id, charger_facing_id, backend_transaction_id";

    /// <summary>Records the link once; a replayed start keeps the first row.</summary>
    public Task AddAsync(UpstreamTransactionLink link, DateTimeOffset now, CancellationToken ct = default) =>
        db.WriteAsync(async scope =>
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
