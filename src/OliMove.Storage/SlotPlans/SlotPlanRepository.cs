using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;

namespace OliMove.Storage;

/// <summary>
/// The archive of allocator runs, every revision kept: `verify` replays these inputs and compares the
/// hashes with the chain, so a stored plan whose JSON does not match its hash is refused at write time.
/// </summary>
public sealed class SlotPlanRepository
{

    private const string Columns = """
        id, group_id, slot_start, revision, algorithm_version, input_json, output_json, input_sha256, output_sha256, created_at
        """;

    private readonly EdgeDatabase _db;

    public SlotPlanRepository(EdgeDatabase db)
    {
        _db = db ?? throw new ArgumentNullException(nameof(db));
    }

    /// <summary>Stores the plan as the next revision of (group, slot) and returns it.</summary>
    public async Task<SlotPlanRecord> AppendAsync(WriteScope scope, NewSlotPlan plan, DateTimeOffset now, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        Validate(plan);
        // The revision is read and written inside the one write transaction, so two re-plans cannot take the same number.
        await using var command = scope.CreateCommand($"""
            INSERT INTO slot_plans (group_id, slot_start, revision, algorithm_version, input_json, output_json,
                input_sha256, output_sha256, created_at)
            VALUES ($group, $slot,
                (SELECT COALESCE(MAX(revision), 0) + 1 FROM slot_plans WHERE group_id = $group AND slot_start = $slot),
                $version, $input, $output, $inputSha, $outputSha, $now)
            RETURNING {Columns};
            """);
        command.Parameters.AddWithValue("$group", plan.GroupId);
        command.Parameters.AddWithValue("$slot", StoredTime.ToDb(plan.SlotStart));
        command.Parameters.AddWithValue("$version", plan.AlgorithmVersion);
        command.Parameters.AddWithValue("$input", plan.InputJson);
        command.Parameters.AddWithValue("$output", plan.OutputJson);
        command.Parameters.AddWithValue("$inputSha", plan.InputSha256);
        command.Parameters.AddWithValue("$outputSha", plan.OutputSha256);
        command.Parameters.AddWithValue("$now", StoredTime.ToDb(now));
        await using var r = await command.ExecuteReaderAsync(ct);
        await r.ReadAsync(ct);
        return Read(r);
    }

    public Task<SlotPlanRecord> AppendAsync(NewSlotPlan plan, DateTimeOffset now, CancellationToken ct = default) =>
        _db.WriteAsync(scope => AppendAsync(scope, plan, now, ct), ct);

    /// <summary>One revision, or the latest revision when <paramref name="revision"/> is null; null if absent.</summary>
    public async Task<SlotPlanRecord?> GetAsync(string groupId, DateTimeOffset slotStart, int? revision = null, CancellationToken ct = default) =>
        (await QueryAsync(
            "WHERE group_id = $group AND slot_start = $slot AND ($revision IS NULL OR revision = $revision) ORDER BY revision DESC LIMIT 1",
            p =>
            {
                p.AddWithValue("$group", groupId);
                p.AddWithValue("$slot", StoredTime.ToDb(slotStart));
                p.AddNullable("$revision", revision);
            }, ct)).SingleOrDefault();

    /// <summary>The group's most recent plan (latest slot, latest revision), or null.</summary>
    public async Task<SlotPlanRecord?> GetLatestAsync(string groupId, CancellationToken ct = default) =>
        (await QueryAsync("WHERE group_id = $group ORDER BY slot_start DESC, revision DESC LIMIT 1",
            p => p.AddWithValue("$group", groupId), ct)).SingleOrDefault();

    /// <summary>Each group's most recent plan, ordered by group id.</summary>
    public Task<IReadOnlyList<SlotPlanRecord>> ListLatestPerGroupAsync(CancellationToken ct = default) =>
        QueryAsync("""
            WHERE id IN (SELECT id FROM (
                SELECT id, ROW_NUMBER() OVER (PARTITION BY group_id ORDER BY slot_start DESC, revision DESC) AS n FROM slot_plans)
                WHERE n = 1)
            ORDER BY group_id
            """, _ => { }, ct);

    /// <summary>
    /// Plans with slot start in [<paramref name="from"/>, <paramref name="to"/>), for one group or all (null),
    /// ordered by slot, group, revision. With <paramref name="latestRevisionOnly"/>, one plan per group and slot.
    /// </summary>
    public Task<IReadOnlyList<SlotPlanRecord>> ListRangeAsync(string? groupId, DateTimeOffset from, DateTimeOffset to, bool latestRevisionOnly = false, CancellationToken ct = default) =>
        QueryAsync($"""
            WHERE slot_start >= $from AND slot_start < $to AND ($group IS NULL OR group_id = $group)
            {(latestRevisionOnly ? "AND revision = (SELECT MAX(p2.revision) FROM slot_plans p2 WHERE p2.group_id = slot_plans.group_id AND p2.slot_start = slot_plans.slot_start)" : "")}
            ORDER BY slot_start, group_id, revision
            """, p =>
            {
                p.AddNullable("$group", groupId);
                p.AddWithValue("$from", StoredTime.ToDb(from));
                p.AddWithValue("$to", StoredTime.ToDb(to));
            }, ct);

    private Task<IReadOnlyList<SlotPlanRecord>> QueryAsync(string tail, Action<SqliteParameterCollection> bind, CancellationToken ct) =>
        _db.ReadAsync<IReadOnlyList<SlotPlanRecord>>(async connection =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT {Columns} FROM slot_plans {tail};";
            bind(command.Parameters);
            var plans = new List<SlotPlanRecord>();
            await using var r = await command.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
            {
                plans.Add(Read(r));
            }

            return plans;
        }, ct);

    private static SlotPlanRecord Read(SqliteDataReader r) => new(
        r.GetInt64(0), r.GetString(1), r.GetTime(2), r.GetInt32(3), r.GetString(4), r.GetString(5), r.GetString(6),
        r.GetString(7), r.GetString(8), r.GetTime(9));

    private static void Validate(NewSlotPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentException.ThrowIfNullOrWhiteSpace(plan.GroupId);
        ArgumentException.ThrowIfNullOrWhiteSpace(plan.AlgorithmVersion);
        ArgumentException.ThrowIfNullOrWhiteSpace(plan.InputJson);
        ArgumentException.ThrowIfNullOrWhiteSpace(plan.OutputJson);
        // A plan starts at a quarter hour, or, when an event re-plans a group inside a slot, at that event's
        // whole second; anything finer is a caller's mistake (times are stored in milliseconds).
        if (plan.SlotStart.ToUnixTimeMilliseconds() % 1000 != 0 || plan.SlotStart.UtcTicks % TimeSpan.TicksPerSecond != 0)
        {
            throw new ArgumentException($"Plan start {plan.SlotStart:O} is not a whole second.", nameof(plan));
        }

        CheckHash(plan.InputJson, plan.InputSha256, "input");
        CheckHash(plan.OutputJson, plan.OutputSha256, "output");
    }

    private static void CheckHash(string json, string sha256Hex, string what)
    {
        var actual = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json)));
        if (!string.Equals(actual, sha256Hex, StringComparison.Ordinal))
        {
            throw new ArgumentException(
                $"The {what} SHA-256 '{sha256Hex}' is not the lowercase hex SHA-256 of the {what} JSON's UTF-8 bytes ('{actual}').");
        }
    }
}
