using Microsoft.Data.Sqlite;

namespace OliMove.Storage;

/// <summary>OCPP transactions. Start and stop are idempotent, because a charge point resends both until it gets an answer.</summary>
public sealed class TransactionRepository
{
    private const string Columns =
        "id, charge_point_id, connector_id, id_tag, meter_start_wh, started_at, meter_stop_wh, stopped_at, stop_reason";

    private readonly EdgeDatabase _db;

    public TransactionRepository(EdgeDatabase db)
    {
        _db = db ?? throw new ArgumentNullException(nameof(db));
    }

    /// <summary>
    /// Records a StartTransaction. A replay (same charge point, connector, idTag, timestamp and meterStart)
    /// returns the same id and inserts nothing (OCPP 1.6 §4.8: the charge point retries until it gets a
    /// transactionId). The connector must be registered (foreign key). Another open transaction on the
    /// connector is not closed here: that is the caller's decision (see <see cref="SupersedeAsync"/>).
    /// </summary>
    public async Task<TransactionStartResult> StartAsync(WriteScope scope, NewTransaction start, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(start);
        ArgumentException.ThrowIfNullOrWhiteSpace(start.ChargePointId);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(start.ConnectorId);
        ArgumentException.ThrowIfNullOrWhiteSpace(start.IdTag);
        ArgumentOutOfRangeException.ThrowIfNegative(start.MeterStartWh);

        // Look up before inserting: an INSERT that hits the unique key still consumes an AUTOINCREMENT id,
        // and replays are common. The single write path makes look-up-then-insert race-free.
        await using (var find = scope.CreateCommand("""
            SELECT id FROM transactions
            WHERE charge_point_id = $cp AND connector_id = $connector AND id_tag = $tag AND started_at = $at AND meter_start_wh = $meter;
            """))
        {
            Bind(find, start);
            if (await find.ExecuteScalarAsync(ct) is long existing)
            {
                return new TransactionStartResult(existing, Created: false);
            }
        }

        await using var insert = scope.CreateCommand("""
            INSERT INTO transactions (charge_point_id, connector_id, id_tag, meter_start_wh, started_at)
            VALUES ($cp, $connector, $tag, $meter, $at)
            RETURNING id;
            """);
        Bind(insert, start);
        return new TransactionStartResult((long)(await insert.ExecuteScalarAsync(ct))!, Created: true);
    }

    public Task<TransactionStartResult> StartAsync(NewTransaction start, CancellationToken ct = default) =>
        _db.WriteAsync(scope => StartAsync(scope, start, ct), ct);

    /// <summary>Stop reason of a transaction closed because a newer one started on its connector.</summary>
    public const string SupersededReason = "Superseded";

    /// <summary>
    /// Closes every open transaction on the connector that started no later than <paramref name="at"/>, other than
    /// <paramref name="newTransactionId"/>: a connector runs one transaction at a time (OCPP 1.6 §4.8), so a new
    /// start means the charger ended the old one and its StopTransaction was lost. The stop value is the old
    /// transaction's last energy register reading (its meterStart without one), the stop time <paramref name="at"/>
    /// and the reason <see cref="SupersededReason"/>. Returns the ids closed, oldest first.
    /// </summary>
    public async Task<IReadOnlyList<long>> SupersedeAsync(WriteScope scope, string chargePointId, int connectorId, long newTransactionId, DateTimeOffset at, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        await using var command = scope.CreateCommand("""
            UPDATE transactions
            SET stopped_at = $at,
                stop_reason = $reason,
                meter_stop_wh = MAX(meter_start_wh, COALESCE((
                    SELECT CAST(m.value AS INTEGER) FROM meter_values m
                    WHERE m.transaction_id = transactions.id AND m.measurand = $register AND m.phase = ''
                    ORDER BY m.sampled_at DESC, m.id DESC LIMIT 1), meter_start_wh))
            WHERE charge_point_id = $cp AND connector_id = $connector AND stopped_at IS NULL
              AND id <> $new AND started_at <= $at
            RETURNING id;
            """);
        command.Parameters.AddWithValue("$cp", chargePointId);
        command.Parameters.AddWithValue("$connector", connectorId);
        command.Parameters.AddWithValue("$new", newTransactionId);
        command.Parameters.AddWithValue("$at", StoredTime.ToDb(at));
        command.Parameters.AddWithValue("$reason", SupersededReason);
        command.Parameters.AddWithValue("$register", MeterValueRepository.EnergyRegisterMeasurand);
        var closed = new List<long>();
        await using var r = await command.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            closed.Add(r.GetInt64(0));
        }

        closed.Sort();
        return closed;
    }

    /// <summary>The transactions a start on this connector at <paramref name="at"/> superseded (closed by <see cref="SupersedeAsync"/>).</summary>
    public Task<IReadOnlyList<TransactionRecord>> ListSupersededAtAsync(string chargePointId, int connectorId, DateTimeOffset at, CancellationToken ct = default) =>
        QueryAsync("WHERE charge_point_id = $cp AND connector_id = $connector AND stopped_at = $at AND stop_reason = $reason ORDER BY id", p =>
        {
            p.AddWithValue("$cp", chargePointId);
            p.AddWithValue("$connector", connectorId);
            p.AddWithValue("$at", StoredTime.ToDb(at));
            p.AddWithValue("$reason", SupersededReason);
        }, ct);

    /// <summary>Records a StopTransaction. Only the first stop counts; replays change nothing.</summary>
    public async Task<TransactionStopOutcome> StopAsync(WriteScope scope, long transactionId, long meterStopWh, DateTimeOffset stoppedAt, string? reason, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentOutOfRangeException.ThrowIfNegative(meterStopWh);

        await using (var update = scope.CreateCommand("""
            UPDATE transactions SET meter_stop_wh = $meter, stopped_at = $at, stop_reason = $reason
            WHERE id = $id AND stopped_at IS NULL;
            """))
        {
            update.Parameters.AddWithValue("$id", transactionId);
            update.Parameters.AddWithValue("$meter", meterStopWh);
            update.Parameters.AddWithValue("$at", StoredTime.ToDb(stoppedAt));
            update.Parameters.AddNullable("$reason", reason);
            if (await update.ExecuteNonQueryAsync(ct) == 1)
            {
                return TransactionStopOutcome.Stopped;
            }
        }

        await using var exists = scope.CreateCommand("SELECT 1 FROM transactions WHERE id = $id;");
        exists.Parameters.AddWithValue("$id", transactionId);
        return await exists.ExecuteScalarAsync(ct) is null ? TransactionStopOutcome.NotFound : TransactionStopOutcome.AlreadyStopped;
    }

    public Task<TransactionStopOutcome> StopAsync(long transactionId, long meterStopWh, DateTimeOffset stoppedAt, string? reason, CancellationToken ct = default) =>
        _db.WriteAsync(scope => StopAsync(scope, transactionId, meterStopWh, stoppedAt, reason, ct), ct);

    /// <summary>
    /// Whether <paramref name="transactionId"/> is a transaction of <paramref name="chargePointId"/>, read on the write
    /// connection inside the unit of work: it sees the units before it in the same group-committed batch, and costs no
    /// read connection on the path of every MeterValues (a prepared primary-key look-up).
    /// </summary>
    public async Task<bool> BelongsToAsync(WriteScope scope, long transactionId, string chargePointId, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var command = scope.Prepared("SELECT 1 FROM transactions WHERE id = $id AND charge_point_id = $cp;");
        if (command.Parameters.Count == 0)
        {
            command.Parameters.Add("$id", SqliteType.Integer);
            command.Parameters.Add("$cp", SqliteType.Text);
        }

        command.Parameters[0].Value = transactionId;
        command.Parameters[1].Value = chargePointId;
        return await command.ExecuteScalarAsync(ct) is not null;
    }

    public async Task<TransactionRecord?> GetAsync(long transactionId, CancellationToken ct = default)
    {
        var found = await QueryAsync("WHERE id = $id", p => p.AddWithValue("$id", transactionId), ct);
        return found.Count == 0 ? null : found[0];
    }

    /// <summary>The open transaction on the connector; if several are open (a stop was lost), the latest started.</summary>
    public async Task<TransactionRecord?> GetActiveAsync(string chargePointId, int connectorId, CancellationToken ct = default)
    {
        var found = await QueryAsync(
            "WHERE charge_point_id = $cp AND connector_id = $connector AND stopped_at IS NULL ORDER BY started_at DESC, id DESC LIMIT 1",
            p =>
            {
                p.AddWithValue("$cp", chargePointId);
                p.AddWithValue("$connector", connectorId);
            }, ct);
        return found.Count == 0 ? null : found[0];
    }

    /// <summary>All open transactions, oldest first.</summary>
    public Task<IReadOnlyList<TransactionRecord>> ListActiveAsync(CancellationToken ct = default) =>
        QueryAsync("WHERE stopped_at IS NULL ORDER BY started_at, id", _ => { }, ct);

    /// <summary>
    /// Stopped transactions that have no settlement yet, oldest stop first: sessions whose settlement was lost
    /// between the acknowledged StopTransaction and its own write (a full disk, a crash).
    /// </summary>
    public Task<IReadOnlyList<TransactionRecord>> ListStoppedUnsettledAsync(int max, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(max);
        return QueryAsync(
            "WHERE stopped_at IS NOT NULL AND meter_stop_wh IS NOT NULL AND NOT EXISTS (SELECT 1 FROM session_settlements s WHERE s.transaction_id = transactions.id) ORDER BY stopped_at, id LIMIT $max",
            p => p.AddWithValue("$max", max),
            ct);
    }

    /// <summary>The latest transactions of an idTag (case-insensitive, as OCPP idTags are), newest first.</summary>
    public Task<IReadOnlyList<TransactionRecord>> ListByIdTagAsync(string idTag, int max, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(max);
        return QueryAsync("WHERE id_tag = $tag ORDER BY started_at DESC, id DESC LIMIT $max", p =>
        {
            p.AddWithValue("$tag", idTag);
            p.AddWithValue("$max", max);
        }, ct);
    }

    /// <summary>One page of all transactions, newest first, and the total count (for the API's paging).</summary>
    public async Task<(IReadOnlyList<TransactionRecord> Items, long Total)> ListPageAsync(int offset, int limit, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        var items = await QueryAsync("ORDER BY started_at DESC, id DESC LIMIT $limit OFFSET $offset", p =>
        {
            p.AddWithValue("$limit", limit);
            p.AddWithValue("$offset", offset);
        }, ct);
        var total = await _db.ReadAsync(async connection =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT COUNT(*) FROM transactions;";
            return (long)(await command.ExecuteScalarAsync(ct))!;
        }, ct);
        return (items, total);
    }

    private Task<IReadOnlyList<TransactionRecord>> QueryAsync(string tail, Action<SqliteParameterCollection> bind, CancellationToken ct) =>
        _db.ReadAsync<IReadOnlyList<TransactionRecord>>(async connection =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT {Columns} FROM transactions {tail};";
            bind(command.Parameters);
            var records = new List<TransactionRecord>();
            await using var r = await command.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
            {
                records.Add(new TransactionRecord(
                    r.GetInt64(0), r.GetString(1), r.GetInt32(2), r.GetString(3), r.GetInt64(4), r.GetTime(5),
                    r.GetInt64OrNull(6), r.GetTimeOrNull(7), r.GetStringOrNull(8)));
            }

            return records;
        }, ct);

    private static void Bind(SqliteCommand command, NewTransaction start)
    {
        command.Parameters.AddWithValue("$cp", start.ChargePointId);
        command.Parameters.AddWithValue("$connector", start.ConnectorId);
        command.Parameters.AddWithValue("$tag", start.IdTag);
        command.Parameters.AddWithValue("$meter", start.MeterStartWh);
        command.Parameters.AddWithValue("$at", StoredTime.ToDb(start.StartedAt));
    }
}
