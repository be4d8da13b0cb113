using Microsoft.Data.Sqlite;

namespace OliMove.Tools.Soak;

/// <summary>
/// Reads the service's SQLite file directly, read-only (WAL lets a reader in while the service writes), one
/// short connection per read so that the reader never holds back the service's checkpoints.
/// </summary>
public sealed class SiteArchive(string databaseFile)
{
    private const long SlotMilliseconds = 900_000;

    public string DatabaseFile { get; } = databaseFile;

    /// <summary>The database and its WAL on disk, in bytes.</summary>
    public long SizeBytes => new[] { DatabaseFile, DatabaseFile + "-wal" }.Where(File.Exists).Sum(f => new FileInfo(f).Length);

    /// <summary>
    /// For every group and every slot boundary in [from, to): when its first plan starting at the boundary was
    /// archived (service clock). A boundary without a row is a missed slot. One query per group, so that SQLite
    /// walks the (group_id, slot_start, revision) index instead of scanning the table's plan JSON.
    /// </summary>
    public async Task<IReadOnlyList<(string GroupId, DateTimeOffset SlotStart, DateTimeOffset ArchivedAt)>> BoundaryPlansAsync(IEnumerable<string> groupIds, DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT slot_start, MIN(created_at) FROM slot_plans
            WHERE group_id = $group AND slot_start >= $from AND slot_start < $to AND slot_start % $slot = 0
            GROUP BY slot_start
            """;
        var group = command.Parameters.Add("$group", SqliteType.Text);
        command.Parameters.AddWithValue("$from", from.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$to", to.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$slot", SlotMilliseconds);
        var rows = new List<(string, DateTimeOffset, DateTimeOffset)>();
        foreach (var groupId in groupIds)
        {
            group.Value = groupId;
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                rows.Add((groupId, DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(0)), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1))));
            }
        }

        return rows;
    }

    /// <summary>The chain outbox keys of slot records (<c>slot:&lt;slot id&gt;</c>).</summary>
    public async Task<IReadOnlySet<string>> SlotRecordKeysAsync(CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT key FROM chain_outbox WHERE key LIKE 'slot:%'";
        var keys = new HashSet<string>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            keys.Add(reader.GetString(0));
        }

        return keys;
    }

    public async Task<IReadOnlyList<(long Id, string ChargePointId, bool Open)>> TransactionsAsync(CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, charge_point_id, stopped_at IS NULL FROM transactions ORDER BY id";
        var rows = new List<(long, string, bool)>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            rows.Add((reader.GetInt64(0), reader.GetString(1), reader.GetBoolean(2)));
        }

        return rows;
    }

    public async Task<long> ScalarAsync(string sql, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(ct) ?? 0L, System.Globalization.CultureInfo.InvariantCulture);
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken ct)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = DatabaseFile, Mode = SqliteOpenMode.ReadOnly, Pooling = false, DefaultTimeout = 30 }.ToString());
        await connection.OpenAsync(ct);
        return connection;
    }
}
