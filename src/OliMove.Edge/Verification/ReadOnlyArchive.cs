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
