using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace OliMove.Storage;

/// <summary>
/// The session list of the cockpit and its CSV export: transactions with their driver, promise, settlement and
/// chain write, filtered and sorted in SQL. <see cref="ForEachAsync"/> hands each row over as the reader reaches it,
/// so an export of any size never holds the list in memory (decision 0281).
/// </summary>
public sealed class SessionHistoryRepository(EdgeDatabase db)
{
    private const string Sessions = """
        WITH s AS (
            SELECT t.id, t.charge_point_id, t.connector_id, t.id_tag, u.login, u.display_name, t.started_at, t.stopped_at,
                   t.stop_reason, t.meter_start_wh, t.meter_stop_wh,
                   COALESCE(t.meter_stop_wh, (SELECT CAST(MAX(m.value) AS INTEGER) FROM meter_values m
                       WHERE m.transaction_id = t.id AND m.measurand = $register AND m.phase = '')) - t.meter_start_wh AS energy_wh,
                   r.id AS request_id, COALESCE(r.opt_in, 0) AS opt_in, r.energy_requested_wh, r.departure_at,
                   st.bill_minor_units, st.currency, st.flexibility_kwh_h, o.state AS settlement_state, o.tx_hash
            FROM transactions t
            LEFT JOIN id_tags it ON it.id_tag = t.id_tag
            LEFT JOIN users u ON u.id = it.user_id
            LEFT JOIN charging_requests r ON r.id = (SELECT MAX(x.id) FROM charging_requests x WHERE x.transaction_id = t.id)
            LEFT JOIN session_settlements st ON st.transaction_id = t.id
            LEFT JOIN chain_outbox o ON o.key = 'settlement:tx-' || t.id
            WHERE ($from IS NULL OR t.started_at >= $from) AND ($to IS NULL OR t.started_at < $to)
              AND ($cp IS NULL OR t.charge_point_id = $cp)
              AND ($cps IS NULL OR t.charge_point_id IN (SELECT value FROM json_each($cps)))
              AND ($tag IS NULL OR t.id_tag = $tag)
        ), p AS (
            SELECT s.*, CASE
                WHEN opt_in = 0 OR departure_at IS NULL OR energy_requested_wh IS NULL THEN 'none'
                WHEN energy_wh >= energy_requested_wh * (1 - $tolerance)
                     AND ((stopped_at IS NOT NULL AND stopped_at <= departure_at) OR (stopped_at IS NULL AND $now <= departure_at)) THEN 'met'
                WHEN stopped_at IS NULL AND $now < departure_at THEN 'pending'
                WHEN stopped_at IS NOT NULL AND stopped_at < departure_at THEN 'ended_early'
                -- Still plugged in at the departure: what the register said then (raw samples, or their quarters
                -- once retention folded them).
                WHEN (SELECT MAX(v) FROM (
                        SELECT MAX(m.value) AS v FROM meter_values m
                        WHERE m.transaction_id = s.id AND m.measurand = $register AND m.phase = '' AND m.sampled_at <= s.departure_at
                        UNION ALL
                        SELECT MAX(q.energy_last_wh) FROM meter_value_quarters q
                        WHERE q.transaction_id = s.id AND q.energy_last_at <= s.departure_at)) - meter_start_wh
                     >= energy_requested_wh * (1 - $tolerance) THEN 'met'
                ELSE 'missed' END AS promise
            FROM s
        )
        """;

    private const string Filter = """
        WHERE ($user IS NULL OR instr(lower(COALESCE(login, '')), lower($user)) > 0 OR instr(lower(COALESCE(display_name, '')), lower($user)) > 0)
          AND ($optIn IS NULL OR opt_in = $optIn)
          AND ($promise IS NULL OR promise = $promise)
        """;

    /// <summary>Calls <paramref name="row"/> for each matching session in order, as the reader reaches it.</summary>
    public Task ForEachAsync(SessionHistoryQuery query, DateTimeOffset now, int offset, int? limit, Func<SessionHistoryRow, ValueTask> row, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        return db.ReadAsync(async connection =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"""
                {Sessions}
                SELECT id, charge_point_id, connector_id, id_tag, login, started_at, stopped_at, stop_reason, meter_start_wh,
                       meter_stop_wh, energy_wh, request_id, opt_in, energy_requested_wh, departure_at, promise,
                       bill_minor_units, currency, flexibility_kwh_h, settlement_state, tx_hash
                FROM p {Filter}
                ORDER BY {OrderBy(query.Sort, query.Descending)}
                LIMIT $limit OFFSET $offset;
                """;
            Bind(command.Parameters, query, now);
            command.Parameters.AddWithValue("$limit", limit ?? -1);
            command.Parameters.AddWithValue("$offset", offset);
            await using var r = await command.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
            {
                await row(new SessionHistoryRow(
                    r.GetInt64(0), r.GetString(1), r.GetInt32(2), r.GetString(3), r.GetStringOrNull(4), r.GetTime(5),
                    r.GetTimeOrNull(6), r.GetStringOrNull(7), r.GetInt64(8), r.GetInt64OrNull(9), r.GetInt64OrNull(10),
                    r.GetInt64OrNull(11), r.GetInt64(12) == 1, r.GetDoubleOrNull(13), r.GetTimeOrNull(14), r.GetString(15),
                    r.GetInt64OrNull(16), r.GetStringOrNull(17), r.GetDoubleOrNull(18), r.GetStringOrNull(19), r.GetStringOrNull(20)));
            }

            return true;
        }, ct);
    }

    public async Task<(IReadOnlyList<SessionHistoryRow> Items, long Total)> PageAsync(SessionHistoryQuery query, DateTimeOffset now, int offset, int limit, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        var items = new List<SessionHistoryRow>();
        await ForEachAsync(query, now, offset, limit, r =>
        {
            items.Add(r);
            return ValueTask.CompletedTask;
        }, ct);
        var total = await db.ReadAsync(async connection =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"{Sessions} SELECT COUNT(*) FROM p {Filter};";
            Bind(command.Parameters, query, now);
            return (long)(await command.ExecuteScalarAsync(ct))!;
        }, ct);
        return (items, total);
    }

    // Fixed SQL per sort key; the id breaks ties so that paging never repeats or skips a row.
    private static string OrderBy(SessionHistorySort sort, bool descending)
    {
        var direction = descending ? "DESC" : "ASC";
        var key = sort switch
        {
            SessionHistorySort.Started => "started_at",
            SessionHistorySort.Stopped => "stopped_at",
            SessionHistorySort.ChargePoint => $"charge_point_id {direction}, connector_id",
            SessionHistorySort.IdTag => "id_tag",
            SessionHistorySort.Energy => "energy_wh",
            SessionHistorySort.Duration => "COALESCE(stopped_at, $now) - started_at",
            _ => throw new ArgumentOutOfRangeException(nameof(sort), sort, null),
        };
        return $"{key} {direction}, id {direction}";
    }

    private static void Bind(SqliteParameterCollection p, SessionHistoryQuery q, DateTimeOffset now)
    {
        p.AddWithValue("$register", MeterValueRepository.EnergyRegisterMeasurand);
        p.AddWithValue("$tolerance", SessionPromise.Tolerance);
        p.AddWithValue("$now", StoredTime.ToDb(now));
        p.AddWithValue("$from", StoredTime.ToDb(q.StartedFrom));
        p.AddWithValue("$to", StoredTime.ToDb(q.StartedTo));
        p.AddNullable("$cp", q.ChargePointId);
        p.AddNullable("$cps", q.ChargePointIds is null ? null : JsonSerializer.Serialize(q.ChargePointIds));
        p.AddNullable("$tag", q.IdTag);
        p.AddNullable("$user", string.IsNullOrEmpty(q.User) ? null : q.User);
        p.AddNullable("$optIn", q.OptIn is { } optIn ? (optIn ? 1 : 0) : null);
        p.AddNullable("$promise", q.Promise);
    }
}
