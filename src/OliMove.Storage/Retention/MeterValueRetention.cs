using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace OliMove.Storage;

/// <summary>
/// Bounds the meter values (decision 0220): raw samples older than a cutoff are folded into 15-minute quarters
/// (<see cref="MeterValueQuarter"/>) and deleted, in small units of work through the single write path so that an
/// OCPP write never waits long behind them; quarters older than their own cutoff are deleted. Samples of a
/// transaction that is open or not yet settled are never touched: billing and superseding still read them raw.
/// </summary>
public sealed class MeterValueRetention
{
    /// <summary>The OCPP 1.6 measurand of the active power the quarters keep mean and maximum of.</summary>
    public const string PowerMeasurand = "Power.Active.Import";

    private const long QuarterMs = 15 * 60 * 1000;

    // Folded only when the transaction is settled (a settlement exists only for a stopped transaction) or there is none.
    private const string Eligible = """
        m.id >= $from AND m.id < $to AND m.sampled_at < $cutoff
        AND (m.transaction_id IS NULL OR EXISTS (SELECT 1 FROM session_settlements s WHERE s.transaction_id = m.transaction_id))
        """;

    private readonly EdgeDatabase _db;

    public MeterValueRetention(EdgeDatabase db)
    {
        _db = db ?? throw new ArgumentNullException(nameof(db));
    }

    /// <summary>
    /// Folds and deletes the raw samples taken before <paramref name="cutoff"/>, walking meter_readings in id order in
    /// windows of <paramref name="batchIds"/> readings (each holds the sampled values of one MeterValue), one unit of
    /// work per window that has any. It stops at the first
    /// window whose rows are all newer than the cutoff (ids follow arrival, so later ones are newer too; a sample that
    /// arrived late with an old timestamp is folded once the walk reaches it on a later pass). Returns the raw sampled values deleted.
    /// </summary>
    public async Task<RetentionBatches> FoldOlderThanAsync(DateTimeOffset cutoff, int batchIds, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchIds);
        var done = RetentionBatches.None;
        var cursor = await NextIdAsync(long.MinValue, ct);
        while (cursor is { } from)
        {
            ct.ThrowIfCancellationRequested();
            var to = from + batchIds;
            var (total, old, eligible) = await CountWindowAsync(from, to, cutoff, ct);
            if (eligible > 0)
            {
                var started = 0L;
                var deleted = await _db.WriteAsync(scope =>
                {
                    started = Stopwatch.GetTimestamp();
                    return FoldWindowAsync(scope, from, to, cutoff, ct);
                }, ct);
                done = done.Add(deleted, Stopwatch.GetElapsedTime(started));
            }
            else if (total > 0 && old == 0)
            {
                break;
            }

            cursor = await NextIdAsync(to, ct);
        }

        return done;
    }

    /// <summary>Deletes quarters that started before <paramref name="cutoff"/>, at most <paramref name="batchRows"/> per unit of work.</summary>
    public async Task<RetentionBatches> DeleteQuartersOlderThanAsync(DateTimeOffset cutoff, int batchRows, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchRows);
        var done = RetentionBatches.None;
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            var started = 0L;
            var deleted = await _db.WriteAsync(async scope =>
            {
                started = Stopwatch.GetTimestamp();
                await using var command = scope.CreateCommand("""
                    DELETE FROM meter_value_quarters
                    WHERE (charge_point_id, connector_id, quarter_start, transaction_id) IN (
                        SELECT charge_point_id, connector_id, quarter_start, transaction_id FROM meter_value_quarters
                        WHERE quarter_start < $cutoff ORDER BY quarter_start LIMIT $max);
                    """);
                command.Parameters.AddWithValue("$cutoff", StoredTime.ToDb(cutoff));
                command.Parameters.AddWithValue("$max", batchRows);
                return await command.ExecuteNonQueryAsync(ct);
            }, ct);
            if (deleted == 0)
            {
                return done;
            }

            done = done.Add(deleted, Stopwatch.GetElapsedTime(started));
            if (deleted < batchRows)
            {
                return done;
            }
        }
    }

    /// <summary>The transaction's quarters in time order.</summary>
    public Task<IReadOnlyList<MeterValueQuarter>> ListQuartersAsync(long transactionId, CancellationToken ct = default) =>
        QueryAsync("WHERE transaction_id = $tx AND transaction_id <> 0 ORDER BY quarter_start, charge_point_id, connector_id",
            p => p.AddWithValue("$tx", transactionId), ct);

    /// <summary>The connector's quarters starting in [<paramref name="from"/>, <paramref name="to"/>), in time order.</summary>
    public Task<IReadOnlyList<MeterValueQuarter>> ListQuartersAsync(string chargePointId, int connectorId, DateTimeOffset from, DateTimeOffset to, CancellationToken ct = default) =>
        QueryAsync("""
            WHERE charge_point_id = $cp AND connector_id = $connector AND quarter_start >= $from AND quarter_start < $to
            ORDER BY quarter_start, transaction_id
            """, p =>
            {
                p.AddWithValue("$cp", chargePointId);
                p.AddWithValue("$connector", connectorId);
                p.AddWithValue("$from", StoredTime.ToDb(from));
                p.AddWithValue("$to", StoredTime.ToDb(to));
            }, ct);

    private async Task<int> FoldWindowAsync(WriteScope scope, long from, long to, DateTimeOffset cutoff, CancellationToken ct)
    {
        // One statement folds the window into quarters, merging with a quarter folded before (an earlier window or
        // pass); the next deletes exactly the rows it read: the same condition inside the same transaction.
        await using (var fold = scope.CreateCommand($"""
            INSERT INTO meter_value_quarters (charge_point_id, connector_id, transaction_id, quarter_start,
                energy_first_wh, energy_first_at, energy_last_wh, energy_last_at, power_mean_w, power_max_w, power_samples, sample_count)
            SELECT * FROM (
                SELECT cp, c, tx, q,
                    MAX(CASE WHEN first_n = 1 THEN value END), MAX(CASE WHEN first_n = 1 THEN at END),
                    MAX(CASE WHEN last_n = 1 THEN value END), MAX(CASE WHEN last_n = 1 THEN at END),
                    AVG(CASE WHEN is_power THEN value END), MAX(CASE WHEN is_power THEN value END),
                    COUNT(CASE WHEN is_power THEN 1 END), COUNT(*)
                FROM (
                    SELECT m.charge_point_id AS cp, m.connector_id AS c, COALESCE(m.transaction_id, 0) AS tx,
                        m.sampled_at - (m.sampled_at % {QuarterMs}) AS q, m.sampled_at AS at, m.value AS value,
                        (m.measurand = $power AND m.phase = '') AS is_power,
                        CASE WHEN m.measurand = $register AND m.phase = '' THEN ROW_NUMBER() OVER (
                            PARTITION BY m.charge_point_id, m.connector_id, m.transaction_id, m.sampled_at - (m.sampled_at % {QuarterMs}), m.measurand = $register AND m.phase = ''
                            ORDER BY m.sampled_at, m.id) END AS first_n,
                        CASE WHEN m.measurand = $register AND m.phase = '' THEN ROW_NUMBER() OVER (
                            PARTITION BY m.charge_point_id, m.connector_id, m.transaction_id, m.sampled_at - (m.sampled_at % {QuarterMs}), m.measurand = $register AND m.phase = ''
                            ORDER BY m.sampled_at DESC, m.id DESC) END AS last_n
                    FROM meter_values m
                    WHERE {Eligible})
                GROUP BY cp, c, tx, q)
            WHERE true
            ON CONFLICT (charge_point_id, connector_id, quarter_start, transaction_id) DO UPDATE SET
                energy_first_wh = CASE WHEN excluded.energy_first_at IS NOT NULL AND (energy_first_at IS NULL OR excluded.energy_first_at < energy_first_at)
                    THEN excluded.energy_first_wh ELSE energy_first_wh END,
                energy_first_at = CASE WHEN excluded.energy_first_at IS NOT NULL AND (energy_first_at IS NULL OR excluded.energy_first_at < energy_first_at)
                    THEN excluded.energy_first_at ELSE energy_first_at END,
                energy_last_wh = CASE WHEN excluded.energy_last_at IS NOT NULL AND (energy_last_at IS NULL OR excluded.energy_last_at >= energy_last_at)
                    THEN excluded.energy_last_wh ELSE energy_last_wh END,
                energy_last_at = CASE WHEN excluded.energy_last_at IS NOT NULL AND (energy_last_at IS NULL OR excluded.energy_last_at >= energy_last_at)
                    THEN excluded.energy_last_at ELSE energy_last_at END,
                power_mean_w = CASE WHEN excluded.power_samples = 0 THEN power_mean_w WHEN power_samples = 0 THEN excluded.power_mean_w
                    ELSE (power_mean_w * power_samples + excluded.power_mean_w * excluded.power_samples) / (power_samples + excluded.power_samples) END,
                power_max_w = CASE WHEN excluded.power_samples = 0 THEN power_max_w WHEN power_samples = 0 THEN excluded.power_max_w
                    ELSE MAX(power_max_w, excluded.power_max_w) END,
                power_samples = power_samples + excluded.power_samples,
                sample_count = sample_count + excluded.sample_count;
            """))
        {
            Bind(fold, from, to, cutoff);
            fold.Parameters.AddWithValue("$power", PowerMeasurand);
            fold.Parameters.AddWithValue("$register", MeterValueRepository.EnergyRegisterMeasurand);
            await fold.ExecuteNonQueryAsync(ct);
        }

        // The rows are readings (decision 0369); what the caller counts is the sampled values, as it always did.
        await using var delete = scope.CreateCommand($"DELETE FROM meter_readings AS m WHERE {Eligible} RETURNING json_array_length(samples);");
        Bind(delete, from, to, cutoff);
        return await MeterValueRepository.SumAsync(delete, ct);
    }

    private Task<(long Total, long Old, long Eligible)> CountWindowAsync(long from, long to, DateTimeOffset cutoff, CancellationToken ct) =>
        _db.ReadAsync(async connection =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"""
                SELECT COUNT(*), COUNT(CASE WHEN m.sampled_at < $cutoff THEN 1 END),
                    COUNT(CASE WHEN {Eligible} THEN 1 END)
                FROM meter_readings m WHERE m.id >= $from AND m.id < $to;
                """;
            Bind(command, from, to, cutoff);
            await using var r = await command.ExecuteReaderAsync(ct);
            await r.ReadAsync(ct);
            return (r.GetInt64(0), r.GetInt64(1), r.GetInt64(2));
        }, ct);

    private Task<long?> NextIdAsync(long atLeast, CancellationToken ct) =>
        _db.ReadAsync(async connection =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT MIN(id) FROM meter_readings WHERE id >= $from;";
            command.Parameters.AddWithValue("$from", atLeast);
            var found = await command.ExecuteScalarAsync(ct);
            return found is long id ? id : (long?)null;
        }, ct);

    private static void Bind(SqliteCommand command, long from, long to, DateTimeOffset cutoff)
    {
        command.Parameters.AddWithValue("$from", from);
        command.Parameters.AddWithValue("$to", to);
        command.Parameters.AddWithValue("$cutoff", StoredTime.ToDb(cutoff));
    }

    private Task<IReadOnlyList<MeterValueQuarter>> QueryAsync(string tail, Action<SqliteParameterCollection> bind, CancellationToken ct) =>
        _db.ReadAsync<IReadOnlyList<MeterValueQuarter>>(async connection =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"""
                SELECT charge_point_id, connector_id, transaction_id, quarter_start, energy_first_wh, energy_first_at,
                    energy_last_wh, energy_last_at, power_mean_w, power_max_w, power_samples, sample_count
                FROM meter_value_quarters {tail};
                """;
            bind(command.Parameters);
            var quarters = new List<MeterValueQuarter>();
            await using var r = await command.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
            {
                var tx = r.GetInt64(2);
                quarters.Add(new MeterValueQuarter(
                    r.GetString(0), r.GetInt32(1), tx == 0 ? null : tx, r.GetTime(3), r.GetDoubleOrNull(4), r.GetTimeOrNull(5),
                    r.GetDoubleOrNull(6), r.GetTimeOrNull(7), r.GetDoubleOrNull(8), r.GetDoubleOrNull(9), r.GetInt32(10), r.GetInt64(11)));
            }

            return quarters;
        }, ct);
}
