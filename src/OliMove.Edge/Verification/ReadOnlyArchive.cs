using Microsoft.Data.Sqlite;
using OliMove.Chain;
using OliMove.Storage;

namespace OliMove.Edge.Verification;

/// <summary>
/// The service's SQLite file (or a copy), opened for reading only: an auditor's check must not be able to
/// change what it checks, so no migration, no WAL switch, no write connection (SQLite <c>Mode=ReadOnly</c>).
/// Reads the slot_plans columns every schema version since 0001 has.
/// </summary>
public sealed class ReadOnlyArchive : IAsyncDisposable
{
    private const string Columns = "id, group_id, slot_start, revision, algorithm_version, input_json, output_json, input_sha256, output_sha256, created_at";

    private readonly SqliteConnection _connection;

    private ReadOnlyArchive(SqliteConnection connection) => _connection = connection;

    /// <summary>Opens an existing file only: a mistyped path must not create an empty database.</summary>
    public static async Task<ReadOnlyArchive> OpenAsync(string path, CancellationToken ct)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path}: no such archive (the service's SQLite file)", path);
        }

        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = Path.GetFullPath(path),
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
        }.ToString());
        try
        {
            await connection.OpenAsync(ct);
            return new ReadOnlyArchive(connection);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>Plans with slot start in [from, to), every group and revision, ordered by slot, group, revision.</summary>
    public Task<IReadOnlyList<SlotPlanRecord>> PlansAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken ct) =>
        QueryAsync("WHERE slot_start >= $from AND slot_start < $to ORDER BY slot_start, group_id, revision", p =>
        {
            p.AddWithValue("$from", from.ToUnixTimeMilliseconds());
            p.AddWithValue("$to", to.ToUnixTimeMilliseconds());
        }, ct);

    /// <summary>One revision, or the latest when <paramref name="revision"/> is null; null if absent.</summary>
    public async Task<SlotPlanRecord?> PlanAsync(string groupId, DateTimeOffset planStart, int? revision, CancellationToken ct) =>
        (await QueryAsync("WHERE group_id = $group AND slot_start = $start AND ($revision IS NULL OR revision = $revision) ORDER BY revision DESC LIMIT 1", p =>
        {
            p.AddWithValue("$group", groupId);
            p.AddWithValue("$start", planStart.ToUnixTimeMilliseconds());
            p.AddWithValue("$revision", (object?)revision ?? DBNull.Value);
        }, ct)).SingleOrDefault();

    /// <summary>
    /// The slot records this database queued for the chain (its outbox), by slot id: what it committed, with the
    /// status rows. Delivered slot records leave the outbox after their retention (decision 0220), so old slots
    /// may have none.
    /// </summary>
    public async Task<IReadOnlyDictionary<ulong, SlotStatusPayload>> SlotRecordsAsync(CancellationToken ct)
    {
        await using var command = _connection.CreateCommand();
        command.CommandText = "SELECT payload_json FROM chain_outbox WHERE kind = $kind ORDER BY id;";
        command.Parameters.AddWithValue("$kind", ChainOutboxKinds.SlotStatus);
        var records = new Dictionary<ulong, SlotStatusPayload>();
        await using var r = await command.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            var record = ChainOutboxEntry.Read<SlotStatusPayload>(r.GetString(0));
            records.TryAdd(record.SlotId, record);
        }

        return records;
    }

    /// <summary>
    /// Every finished transaction (stopped, with a meter stop) with what its settlement is computed from: the request
    /// the settlement billed (schema 18 keeps it; before, the request bound to the transaction that the settlement
    /// completed), the billed user's wallet (the request's user, else the idTag's), P_max, and the local receipt.
    /// </summary>
    public async Task<IReadOnlyList<ArchivedSession>> FinishedSessionsAsync(CancellationToken ct)
    {
        var inputsKept = await HasColumnAsync("session_settlements", "max_power_w", ct);
        var requestId = inputsKept ? "s.request_id" : "NULL";
        var maxPower = inputsKept ? "s.max_power_w" : "NULL";
        await using var command = _connection.CreateCommand();
        command.CommandText = $"""
            SELECT t.id, t.started_at, t.stopped_at, t.meter_start_wh, t.meter_stop_wh, {maxPower},
                   r.id, r.opt_in, r.departure_at,
                   CASE WHEN r.id IS NOT NULL THEN ru.wallet_address ELSE tu.wallet_address END,
                   s.transaction_id, s.energy_wh, s.bill_minor_units, s.tokens_base_units
            FROM transactions t
            LEFT JOIN session_settlements s ON s.transaction_id = t.id
            LEFT JOIN charging_requests r ON r.id = CASE WHEN {maxPower} IS NOT NULL THEN {requestId}
                ELSE (SELECT b.id FROM charging_requests b WHERE b.transaction_id = t.id AND b.state = 'completed' ORDER BY b.id DESC LIMIT 1) END
            LEFT JOIN users ru ON ru.id = r.user_id
            LEFT JOIN id_tags it ON it.id_tag = t.id_tag
            LEFT JOIN users tu ON tu.id = it.user_id
            WHERE t.stopped_at IS NOT NULL AND t.meter_stop_wh IS NOT NULL
            ORDER BY t.id;
            """;
        var sessions = new List<ArchivedSession>();
        await using var r = await command.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            var optedIn = !r.IsDBNull(6) && r.GetInt64(7) == 1;
            var facts = new Edge.Sessions.FinishedSessionFacts(
                DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(1)), DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(2)),
                r.GetInt64(3), r.GetInt64(4), optedIn,
                optedIn && !r.IsDBNull(8) ? DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(8)) : null,
                r.IsDBNull(5) ? 1 : r.GetInt64(5));
            var receipt = r.IsDBNull(10) ? null : new ArchivedReceipt(
                r.GetDouble(11), r.GetInt64(12), System.Numerics.BigInteger.Parse(r.GetString(13), System.Globalization.CultureInfo.InvariantCulture));
            sessions.Add(new ArchivedSession(r.GetInt64(0), facts, !r.IsDBNull(5), r.IsDBNull(9) ? null : r.GetString(9), receipt));
        }

        return sessions;
    }

    /// <summary>Every transaction id the database holds, finished or not.</summary>
    public async Task<IReadOnlySet<long>> TransactionIdsAsync(CancellationToken ct)
    {
        await using var command = _connection.CreateCommand();
        command.CommandText = "SELECT id FROM transactions;";
        var ids = new HashSet<long>();
        await using var r = await command.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            ids.Add(r.GetInt64(0));
        }

        return ids;
    }

    private async Task<bool> HasColumnAsync(string table, string column, CancellationToken ct)
    {
        await using var command = _connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM pragma_table_info($table) WHERE name = $column;";
        command.Parameters.AddWithValue("$table", table);
        command.Parameters.AddWithValue("$column", column);
        return Convert.ToInt64(await command.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture) > 0;
    }

    private async Task<IReadOnlyList<SlotPlanRecord>> QueryAsync(string tail, Action<SqliteParameterCollection> bind, CancellationToken ct)
    {
        await using var command = _connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM slot_plans {tail};";
        bind(command.Parameters);
        var plans = new List<SlotPlanRecord>();
        await using var r = await command.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            plans.Add(new SlotPlanRecord(
                r.GetInt64(0), r.GetString(1), DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(2)), r.GetInt32(3), r.GetString(4),
                r.GetString(5), r.GetString(6), r.GetString(7), r.GetString(8), DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(9))));
        }

        return plans;
    }

    public ValueTask DisposeAsync() => _connection.DisposeAsync();
}
