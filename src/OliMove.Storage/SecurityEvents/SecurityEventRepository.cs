namespace OliMove.Storage;

/// <summary>Security events of the site's chargers and of the edge about them (migration 0014).</summary>
public sealed class SecurityEventRepository(EdgeDatabase db)
{
    private const string Columns = "id, charge_point_id, type, occurred_at, tech_info, received_at, origin";

    /// <summary>Stores the event (its <see cref="SecurityEventRecord.Id"/> is ignored); committed when the task completes.
    /// Returns the new row's id.</summary>
    public Task<long> AddAsync(SecurityEventRecord e, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(e);
        return db.WriteAsync(async scope =>
        {
            await using var insert = scope.CreateCommand("""
                INSERT INTO security_events (charge_point_id, type, occurred_at, tech_info, received_at, origin)
                VALUES ($cp, $type, $occurred, $info, $received, $origin)
                RETURNING id;
                """);
            insert.Parameters.AddWithValue("$cp", e.ChargePointId);
            insert.Parameters.AddWithValue("$type", e.Type);
            insert.Parameters.AddWithValue("$occurred", StoredTime.ToDb(e.OccurredAt));
            insert.Parameters.AddNullable("$info", e.TechInfo);
            insert.Parameters.AddWithValue("$received", StoredTime.ToDb(e.ReceivedAt));
            insert.Parameters.AddWithValue("$origin", e.Origin);
            return (long)(await insert.ExecuteScalarAsync(ct))!;
        }, ct);
    }

    /// <summary>The latest events received, newest first, at most <paramref name="limit"/>.</summary>
    public Task<IReadOnlyList<SecurityEventRecord>> LatestAsync(int limit, CancellationToken ct = default) =>
        db.ReadAsync<IReadOnlyList<SecurityEventRecord>>(async connection =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT {Columns} FROM security_events ORDER BY received_at DESC, id DESC LIMIT $limit;";
            command.Parameters.AddWithValue("$limit", limit);
            await using var r = await command.ExecuteReaderAsync(ct);
            var list = new List<SecurityEventRecord>();
            while (await r.ReadAsync(ct))
            {
                list.Add(new SecurityEventRecord(r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetTime(3), r.GetStringOrNull(4), r.GetTime(5), r.GetString(6)));
            }
            return list;
        }, ct);

    /// <summary>How many events were received since <paramref name="since"/>.</summary>
    public Task<long> CountSinceAsync(DateTimeOffset since, CancellationToken ct = default) =>
        db.ReadAsync(async connection =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT count(*) FROM security_events WHERE received_at >= $since;";
            command.Parameters.AddWithValue("$since", StoredTime.ToDb(since));
            return (long)(await command.ExecuteScalarAsync(ct))!;
        }, ct);
}
