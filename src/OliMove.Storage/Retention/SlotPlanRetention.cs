using System.Diagnostics;

namespace OliMove.Storage;

/// <summary>
/// Removes archived plans from SQLite once they are in an exported archive file (decision 0221). Each group's
/// latest plan always stays: the live state is rebuilt from it after a restart (vehicle maxima) and the API shows it.
/// </summary>
public sealed class SlotPlanRetention
{
    private const long DayMs = 24 * 60 * 60 * 1000;

    // A plan that is not its group's latest: a later slot or a later revision of the same slot exists.
    private const string Superseded = """
        EXISTS (SELECT 1 FROM slot_plans newer WHERE newer.group_id = p.group_id
            AND (newer.slot_start > p.slot_start OR (newer.slot_start = p.slot_start AND newer.revision > p.revision)))
        """;

    private readonly EdgeDatabase _db;

    public SlotPlanRetention(EdgeDatabase db)
    {
        _db = db ?? throw new ArgumentNullException(nameof(db));
    }

    /// <summary>
    /// The UTC days (midnight) before <paramref name="cutoff"/> that still have a plan in SQLite that may go (any
    /// plan but a group's latest), oldest first: the days to export and then remove.
    /// </summary>
    public Task<IReadOnlyList<DateTimeOffset>> ListDaysToArchiveAsync(DateTimeOffset cutoff, CancellationToken ct = default) =>
        _db.ReadAsync<IReadOnlyList<DateTimeOffset>>(async connection =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"""
                SELECT DISTINCT p.slot_start - (p.slot_start % {DayMs}) AS day FROM slot_plans p
                WHERE p.slot_start < $cutoff AND {Superseded}
                ORDER BY day;
                """;
            command.Parameters.AddWithValue("$cutoff", StoredTime.ToDb(cutoff));
            var days = new List<DateTimeOffset>();
            await using var r = await command.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
            {
                days.Add(r.GetTime(0));
            }

            return days;
        }, ct);

    /// <summary>
    /// Deletes the plans with the given ids, <paramref name="batchRows"/> per unit of work, except any that is its
    /// group's latest. The caller passes only ids it has found in an archive file. Returns the rows deleted.
    /// </summary>
    public async Task<RetentionBatches> DeleteArchivedAsync(IReadOnlyList<long> ids, int batchRows, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(ids);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchRows);
        var done = RetentionBatches.None;
        foreach (var chunk in ids.Chunk(batchRows))
        {
            var started = 0L;
            var deleted = await _db.WriteAsync(async scope =>
            {
                started = Stopwatch.GetTimestamp();
                await using var command = scope.CreateCommand($"DELETE FROM slot_plans AS p WHERE p.id = $id AND {Superseded};");
                var id = command.Parameters.Add("$id", Microsoft.Data.Sqlite.SqliteType.Integer);
                var count = 0;
                foreach (var planId in chunk)
                {
                    id.Value = planId;
                    count += await command.ExecuteNonQueryAsync(ct);
                }

                return count;
            }, ct);
            done = done.Add(deleted, Stopwatch.GetElapsedTime(started));
        }

        return done;
    }
}
