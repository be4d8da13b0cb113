using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace OliMove.Storage;

/// <summary>
/// The other load's history per metered circuit and quarter (decision 0314). A quarter is written when it ends (and
/// the open one when the service stops): one short unit of work per circuit and quarter, never one per meter poll.
/// Old quarters go with the retention pass, after as many days as the meter values' quarters (decision 0220).
/// </summary>
public sealed class OtherLoadQuarterRepository
{
    private const string Columns = "circuit_id, quarter_start, mean_w, max_w, line_mean_w, line_max_w, sample_count, source";

    private readonly EdgeDatabase _db;

    public OtherLoadQuarterRepository(EdgeDatabase db)
    {
        _db = db ?? throw new ArgumentNullException(nameof(db));
    }

    /// <summary>
    /// Stores each quarter, replacing the stored one of the same circuit and quarter (the caller holds the whole
    /// quarter's totals, a stored partial quarter included). Invalid input throws <see cref="ArgumentException"/>
    /// and writes nothing.
    /// </summary>
    public Task SaveAsync(IReadOnlyList<OtherLoadQuarterReading> quarters, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(quarters);
        foreach (var quarter in quarters)
        {
            Validate(quarter);
        }

        if (quarters.Count == 0)
        {
            return Task.CompletedTask;
        }

        return _db.WriteAsync(async scope =>
        {
            await using var command = scope.CreateCommand($"""
                INSERT OR REPLACE INTO other_load_quarters ({Columns}) VALUES ($circuit, $start, $mean, $max, $lineMean, $lineMax, $samples, $source);
                """);
            var circuit = command.Parameters.Add("$circuit", SqliteType.Text);
            var start = command.Parameters.Add("$start", SqliteType.Integer);
            var mean = command.Parameters.Add("$mean", SqliteType.Integer);
            var max = command.Parameters.Add("$max", SqliteType.Integer);
            var lineMean = command.Parameters.Add("$lineMean", SqliteType.Integer);
            var lineMax = command.Parameters.Add("$lineMax", SqliteType.Integer);
            var samples = command.Parameters.Add("$samples", SqliteType.Integer);
            var source = command.Parameters.Add("$source", SqliteType.Text);
            foreach (var q in quarters)
            {
                circuit.Value = q.CircuitId;
                start.Value = StoredTime.ToDb(q.QuarterStart);
                mean.Value = q.MeanW;
                max.Value = q.MaxW;
                lineMean.Value = q.LineMeanW;
                lineMax.Value = q.LineMaxW;
                samples.Value = q.SampleCount;
                source.Value = SourceText(q.Source);
                await command.ExecuteNonQueryAsync(ct);
            }
        }, ct);
    }

    /// <summary>Every stored quarter starting at or after <paramref name="from"/>, by circuit and time.</summary>
    public Task<IReadOnlyList<OtherLoadQuarterReading>> ListFromAsync(DateTimeOffset from, CancellationToken ct = default) =>
        _db.ReadAsync<IReadOnlyList<OtherLoadQuarterReading>>(async connection =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT {Columns} FROM other_load_quarters WHERE quarter_start >= $from ORDER BY source, circuit_id, quarter_start;";
            command.Parameters.AddWithValue("$from", StoredTime.ToDb(from));
            var quarters = new List<OtherLoadQuarterReading>();
            await using var r = await command.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
            {
                quarters.Add(new OtherLoadQuarterReading(r.GetString(0), r.GetTime(1), r.GetInt64(2), r.GetInt64(3), r.GetInt64(4), r.GetInt64(5), r.GetInt32(6))
                {
                    Source = Source(r.GetString(7)),
                });
            }

            return quarters;
        }, ct);

    /// <summary>Deletes quarters that started before <paramref name="cutoff"/>, at most <paramref name="batchRows"/> per unit of work.</summary>
    public async Task<RetentionBatches> DeleteOlderThanAsync(DateTimeOffset cutoff, int batchRows, CancellationToken ct = default)
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
                    DELETE FROM other_load_quarters
                    WHERE (source, circuit_id, quarter_start) IN (
                        SELECT source, circuit_id, quarter_start FROM other_load_quarters
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

    private static string SourceText(OtherLoadSource source) => source switch
    {
        OtherLoadSource.Circuit => "circuit",
        OtherLoadSource.Load => "load",
        OtherLoadSource.Grid => "grid",
        _ => throw new ArgumentOutOfRangeException(nameof(source), source, "unknown other-load source"),
    };

    private static OtherLoadSource Source(string text) => text switch
    {
        "load" => OtherLoadSource.Load,
        "grid" => OtherLoadSource.Grid,
        _ => OtherLoadSource.Circuit,
    };

    private static void Validate(OtherLoadQuarterReading q)
    {
        ArgumentNullException.ThrowIfNull(q);
        ArgumentException.ThrowIfNullOrWhiteSpace(q.CircuitId);
        _ = SourceText(q.Source);
        if (q.QuarterStart.UtcTicks % OtherLoadQuarterReading.QuarterLength.Ticks != 0)
        {
            throw new ArgumentException($"Other-load quarter of '{q.CircuitId}' starts at {q.QuarterStart:O}, not on a 15-minute boundary.", nameof(q));
        }

        if (q.SampleCount < 1 || q.MeanW < 0 || q.MaxW < q.MeanW || q.LineMeanW < 0 || q.LineMaxW < q.LineMeanW)
        {
            throw new ArgumentException(
                $"Other-load quarter of '{q.CircuitId}' at {q.QuarterStart:O} needs at least one sample and 0 <= mean <= max, in total and on the line (got {q.MeanW}/{q.MaxW} W, line {q.LineMeanW}/{q.LineMaxW} W, {q.SampleCount} samples).",
                nameof(q));
        }
    }
}
