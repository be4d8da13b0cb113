using Microsoft.Data.Sqlite;

namespace OliMove.Storage;

/// <summary>Meter values. Inserting is idempotent, since a charge point resends a MeterValues.req it got no answer to.</summary>
public sealed class MeterValueRepository
{
    /// <summary>The OCPP 1.6 measurand of the energy register (and its default when a sample names none).</summary>
    public const string EnergyRegisterMeasurand = "Energy.Active.Import.Register";

    private const string Columns =
        "charge_point_id, connector_id, transaction_id, sampled_at, measurand, phase, context, value, unit, location";

    // One row per reading (decision 0369): the sampled values of one charge point, connector, timestamp and
    // transaction go into one JSON array, so a MeterValues costs one insert into each b-tree instead of one per value.
    private const string InsertSql = """
        INSERT OR IGNORE INTO meter_readings (charge_point_id, connector_id, transaction_id, sampled_at, samples)
        VALUES ($cp, $connector, $tx, $at, $samples);
        """;

    private const string FindReadingSql = """
        SELECT id, samples FROM meter_readings
        WHERE charge_point_id = $cp AND connector_id = $connector AND sampled_at = $at AND IFNULL(transaction_id, 0) = $tx;
        """;

    private readonly EdgeDatabase _db;

    public MeterValueRepository(EdgeDatabase db)
    {
        _db = db ?? throw new ArgumentNullException(nameof(db));
    }

    /// <summary>
    /// Adds samples; one already stored (same charge point, connector, measurand, phase, location, context
    /// and timestamp, within the same transaction) is skipped. Returns how many were new. The charge point, and the
    /// transaction when given, must exist (foreign keys): pass a null transaction id for one the database does not know.
    /// </summary>
    public async Task<int> AddAsync(WriteScope scope, IReadOnlyList<MeterSample> samples, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(samples);
        foreach (var s in samples)
        {
            Validate(s);
        }

        var inserted = 0;
        foreach (var reading in MeterReading.Group(samples))
        {
            inserted += await AddReadingAsync(scope, reading, ct);
        }

        return inserted;
    }

    private static async Task<int> AddReadingAsync(WriteScope scope, MeterReading reading, CancellationToken ct)
    {
        // Prepared once per unit of work: a group-committed batch inserts the readings of hundreds of MeterValues.
        var insert = scope.Prepared(InsertSql);
        if (insert.Parameters.Count == 0)
        {
            insert.Parameters.Add("$cp", SqliteType.Text);
            insert.Parameters.Add("$connector", SqliteType.Integer);
            insert.Parameters.Add("$tx", SqliteType.Integer);
            insert.Parameters.Add("$at", SqliteType.Integer);
            insert.Parameters.Add("$samples", SqliteType.Text);
        }

        var parameters = insert.Parameters;
        parameters[0].Value = reading.ChargePointId;
        parameters[1].Value = reading.ConnectorId;
        parameters[2].Value = (object?)reading.TransactionId ?? DBNull.Value;
        parameters[3].Value = StoredTime.ToDb(reading.Timestamp);
        parameters[4].Value = reading.ToJson();
        if (await insert.ExecuteNonQueryAsync(ct) == 1)
        {
            return reading.Samples.Count;
        }

        // The reading is stored already: a charger replaying a MeterValues it got no answer to (nothing new), or a
        // second MeterValue with the same timestamp (its sampled values join the stored reading). Rare; not prepared.
        return await MergeIntoStoredAsync(scope, reading, ct);
    }

    private static async Task<int> MergeIntoStoredAsync(WriteScope scope, MeterReading reading, CancellationToken ct)
    {
        long id;
        string stored;
        await using (var find = scope.CreateCommand(FindReadingSql))
        {
            find.Parameters.AddWithValue("$cp", reading.ChargePointId);
            find.Parameters.AddWithValue("$connector", reading.ConnectorId);
            find.Parameters.AddWithValue("$at", StoredTime.ToDb(reading.Timestamp));
            find.Parameters.AddWithValue("$tx", reading.TransactionId ?? 0);
            await using var r = await find.ExecuteReaderAsync(ct);
            if (!await r.ReadAsync(ct))
            {
                throw new InvalidOperationException(
                    $"Reading of {reading.ChargePointId} connector {reading.ConnectorId} at {reading.Timestamp:O} was neither inserted nor found.");
            }

            id = r.GetInt64(0);
            stored = r.GetString(1);
        }

        var (merged, added) = reading.MergeInto(stored);
        if (added == 0)
        {
            return 0;
        }

        await using var update = scope.CreateCommand("UPDATE meter_readings SET samples = $samples WHERE id = $id;");
        update.Parameters.AddWithValue("$samples", merged);
        update.Parameters.AddWithValue("$id", id);
        await update.ExecuteNonQueryAsync(ct);
        return added;
    }

    public Task<int> AddAsync(IReadOnlyList<MeterSample> samples, CancellationToken ct = default) =>
        _db.WriteAsync(scope => AddAsync(scope, samples, ct), ct);

    /// <summary>
    /// The newest sample of each measurand, phase and location on the connector. The readings' key leads with the
    /// timestamp (decision 0399), so this reads every stored reading: for tests and diagnostics, not for a site's
    /// running paths (they ask by transaction, <see cref="GetLatestOfTransactionAsync"/>, or by time).
    /// </summary>
    public Task<IReadOnlyList<MeterSample>> GetLatestAsync(string chargePointId, int connectorId, CancellationToken ct = default) =>
        NewestPerValueAsync("measurand, phase, location", "charge_point_id = $cp AND connector_id = $connector", p =>
        {
            p.AddWithValue("$cp", chargePointId);
            p.AddWithValue("$connector", connectorId);
        }, ct);

    /// <summary>The newest sample of each measurand, phase and location linked to the transaction on the connector.</summary>
    public Task<IReadOnlyList<MeterSample>> GetLatestOfTransactionAsync(long transactionId, int connectorId, CancellationToken ct = default) =>
        NewestPerValueAsync("measurand, phase, location", "transaction_id = $tx AND connector_id = $connector", p =>
        {
            p.AddWithValue("$tx", transactionId);
            p.AddWithValue("$connector", connectorId);
        }, ct);

    /// <summary>
    /// The newest sample of each connector, measurand, phase and location that is linked to no transaction and was
    /// sampled at or after <paramref name="since"/>: one read of the readings since then, in time order (decision 0399).
    /// </summary>
    public Task<IReadOnlyList<MeterSample>> GetLatestUnlinkedSinceAsync(DateTimeOffset since, CancellationToken ct = default) =>
        NewestPerValueAsync("charge_point_id, connector_id, measurand, phase, location", "sampled_at >= $since AND transaction_id IS NULL",
            p => p.AddWithValue("$since", StoredTime.ToDb(since)), ct);

    /// <summary>The newest sample of one measurand (and phase, null = not per phase) on the connector, at any location; null if none.</summary>
    public async Task<MeterSample?> GetLatestAsync(string chargePointId, int connectorId, string measurand, string? phase, CancellationToken ct = default)
    {
        var found = await QueryAsync($"""
            SELECT {Columns} FROM meter_values
            WHERE charge_point_id = $cp AND connector_id = $connector AND measurand = $measurand AND phase = $phase
            ORDER BY sampled_at DESC, id DESC LIMIT 1;
            """, p =>
            {
                p.AddWithValue("$cp", chargePointId);
                p.AddWithValue("$connector", connectorId);
                p.AddWithValue("$measurand", measurand);
                p.AddWithValue("$phase", phase ?? "");
            }, ct);
        return found.Count == 0 ? null : found[0];
    }

    /// <summary>The transaction's samples in time order.</summary>
    public Task<IReadOnlyList<MeterSample>> ListForTransactionAsync(long transactionId, CancellationToken ct = default) =>
        QueryAsync($"SELECT {Columns} FROM meter_values WHERE transaction_id = $tx ORDER BY sampled_at, measurand, phase, location;",
            p => p.AddWithValue("$tx", transactionId), ct);

    /// <summary>
    /// Energy delivered in the transaction, in Wh: meterStop − meterStart once stopped, otherwise the
    /// latest energy register sample linked to it − meterStart, or 0 without one. Null for an unknown
    /// transaction. The charge point's meter is the source of truth (a negative value means it was reset).
    /// </summary>
    public Task<double?> GetEnergyDeliveredWhAsync(long transactionId, CancellationToken ct = default) =>
        _db.ReadAsync<double?>(async connection =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = """
                SELECT t.meter_start_wh, t.meter_stop_wh,
                    (SELECT m.value FROM meter_values m
                     WHERE m.transaction_id = t.id AND m.measurand = $register AND m.phase = ''
                     ORDER BY m.sampled_at DESC, m.id DESC LIMIT 1)
                FROM transactions t WHERE t.id = $tx;
                """;
            command.Parameters.AddWithValue("$tx", transactionId);
            command.Parameters.AddWithValue("$register", EnergyRegisterMeasurand);
            await using var r = await command.ExecuteReaderAsync(ct);
            if (!await r.ReadAsync(ct))
            {
                return null;
            }

            var start = r.GetInt64(0);
            if (r.GetInt64OrNull(1) is { } stop)
            {
                return stop - start;
            }

            return r.GetDoubleOrNull(2) is { } register ? register - start : 0;
        }, ct);

    /// <summary>
    /// Removes samples older than <paramref name="cutoff"/> to bound the file on a small gateway; samples of
    /// open transactions are kept. Returns how many were removed.
    /// </summary>
    public async Task<int> DeleteOlderThanAsync(WriteScope scope, DateTimeOffset cutoff, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        await using var command = scope.CreateCommand("""
            DELETE FROM meter_readings
            WHERE sampled_at < $cutoff
              AND (transaction_id IS NULL OR transaction_id NOT IN (SELECT id FROM transactions WHERE stopped_at IS NULL))
            RETURNING json_array_length(samples);
            """);
        command.Parameters.AddWithValue("$cutoff", StoredTime.ToDb(cutoff));
        return await SumAsync(command, ct);
    }

    /// <summary>The sum of a one-column integer result (DELETE … RETURNING the sampled values of each reading removed).</summary>
    internal static async Task<int> SumAsync(SqliteCommand command, CancellationToken ct)
    {
        var sum = 0;
        await using var r = await command.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            sum += r.GetInt32(0);
        }

        return sum;
    }

    public Task<int> DeleteOlderThanAsync(DateTimeOffset cutoff, CancellationToken ct = default) =>
        _db.WriteAsync(scope => DeleteOlderThanAsync(scope, cutoff, ct), ct);

    /// <summary>The newest sample per <paramref name="partition"/> among those matching <paramref name="where"/>, ordered by it.</summary>
    private Task<IReadOnlyList<MeterSample>> NewestPerValueAsync(string partition, string where, Action<SqliteParameterCollection> bind, CancellationToken ct) =>
        QueryAsync($"""
            SELECT {Columns} FROM (
                SELECT *, ROW_NUMBER() OVER (PARTITION BY {partition} ORDER BY sampled_at DESC, id DESC) AS n
                FROM meter_values WHERE {where})
            WHERE n = 1 ORDER BY {partition};
            """, bind, ct);

    private Task<IReadOnlyList<MeterSample>> QueryAsync(string sql, Action<SqliteParameterCollection> bind, CancellationToken ct) =>
        _db.ReadAsync<IReadOnlyList<MeterSample>>(async connection =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            bind(command.Parameters);
            var samples = new List<MeterSample>();
            await using var r = await command.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
            {
                var phase = r.GetString(5);
                var location = r.GetString(9);
                samples.Add(new MeterSample(
                    r.GetString(0), r.GetInt32(1), r.GetInt64OrNull(2), r.GetTime(3), r.GetString(4),
                    phase.Length == 0 ? null : phase, r.GetString(6), r.GetDouble(7), r.GetString(8),
                    location.Length == 0 ? null : location));
            }

            return samples;
        }, ct);

    private static void Validate(MeterSample s)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentException.ThrowIfNullOrWhiteSpace(s.ChargePointId);
        ArgumentException.ThrowIfNullOrWhiteSpace(s.Measurand);
        ArgumentException.ThrowIfNullOrWhiteSpace(s.Context);
        ArgumentException.ThrowIfNullOrWhiteSpace(s.Unit);
        ArgumentOutOfRangeException.ThrowIfNegative(s.ConnectorId);
        if (!double.IsFinite(s.Value))
        {
            throw new ArgumentException($"Meter value {s.Measurand} at {s.Timestamp:O} is not a finite number ({s.Value}).", nameof(s));
        }
    }
}
