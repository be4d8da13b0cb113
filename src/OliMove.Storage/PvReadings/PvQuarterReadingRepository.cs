using Microsoft.Data.Sqlite;

namespace OliMove.Storage;

/// <summary>
/// PV history per inverter and quarter (decision 0052). A quarter is written when it ends (and the open one when
/// the service stops), so the PV poller costs the single writer one short unit of work per quarter, not one per
/// poll, and OCPP writes never queue behind it for long.
/// </summary>
public sealed class PvQuarterReadingRepository
{
    private const string Columns = "inverter_id, quarter_start, mean_power_w, sample_count, poll_count";

    private readonly EdgeDatabase _db;

    public PvQuarterReadingRepository(EdgeDatabase db)
    {
        _db = db ?? throw new ArgumentNullException(nameof(db));
    }

    /// <summary>
    /// Stores each quarter, replacing the stored one of the same inverter and quarter (the caller holds the whole
    /// quarter's totals, a stored partial quarter included), and removes quarters that start before
    /// <paramref name="pruneBefore"/>. Invalid input throws <see cref="ArgumentException"/> and writes nothing.
    /// </summary>
    public Task SaveAsync(IReadOnlyList<PvQuarterReading> quarters, DateTimeOffset pruneBefore, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(quarters);
        foreach (var quarter in quarters)
        {
            Validate(quarter);
        }

        return _db.WriteAsync(async scope =>
        {
            await using (var command = scope.CreateCommand($"""
                INSERT OR REPLACE INTO pv_quarter_readings ({Columns}) VALUES ($inverter, $start, $mean, $samples, $polls);
                """))
            {
                var inverter = command.Parameters.Add("$inverter", SqliteType.Text);
                var start = command.Parameters.Add("$start", SqliteType.Integer);
                var mean = command.Parameters.Add("$mean", SqliteType.Real);
                var samples = command.Parameters.Add("$samples", SqliteType.Integer);
                var polls = command.Parameters.Add("$polls", SqliteType.Integer);
                foreach (var q in quarters)
                {
                    inverter.Value = q.InverterId;
                    start.Value = StoredTime.ToDb(q.QuarterStart);
                    mean.Value = (object?)q.MeanPowerW ?? DBNull.Value;
                    samples.Value = q.SampleCount;
                    polls.Value = q.PollCount;
                    await command.ExecuteNonQueryAsync(ct);
                }
            }

            await using var prune = scope.CreateCommand("DELETE FROM pv_quarter_readings WHERE quarter_start < $cutoff;");
            prune.Parameters.AddWithValue("$cutoff", StoredTime.ToDb(pruneBefore));
            await prune.ExecuteNonQueryAsync(ct);
        }, ct);
    }

    /// <summary>Every stored quarter starting at or after <paramref name="from"/>, by inverter and time.</summary>
    public Task<IReadOnlyList<PvQuarterReading>> ListFromAsync(DateTimeOffset from, CancellationToken ct = default) =>
        _db.ReadAsync<IReadOnlyList<PvQuarterReading>>(async connection =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT {Columns} FROM pv_quarter_readings WHERE quarter_start >= $from ORDER BY inverter_id, quarter_start;";
            command.Parameters.AddWithValue("$from", StoredTime.ToDb(from));
            var quarters = new List<PvQuarterReading>();
            await using var r = await command.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
            {
                quarters.Add(new PvQuarterReading(r.GetString(0), r.GetTime(1), r.GetDoubleOrNull(2), r.GetInt32(3), r.GetInt32(4)));
            }

            return quarters;
        }, ct);

    private static void Validate(PvQuarterReading q)
    {
        ArgumentNullException.ThrowIfNull(q);
        ArgumentException.ThrowIfNullOrWhiteSpace(q.InverterId);
        if (q.QuarterStart.UtcTicks % PvQuarterReading.QuarterLength.Ticks != 0)
        {
            throw new ArgumentException($"PV quarter of '{q.InverterId}' starts at {q.QuarterStart:O}, not on a 15-minute boundary.", nameof(q));
        }

        if (q.SampleCount < 0 || q.PollCount < q.SampleCount)
        {
            throw new ArgumentException($"PV quarter of '{q.InverterId}' at {q.QuarterStart:O} has {q.SampleCount} samples of {q.PollCount} polls.", nameof(q));
        }

        if (q.MeanPowerW is { } w ? !double.IsFinite(w) || w < 0 || q.SampleCount == 0 : q.SampleCount != 0)
        {
            throw new ArgumentException($"PV quarter of '{q.InverterId}' at {q.QuarterStart:O}: a mean needs samples and a finite value >= 0, no mean needs none (got {q.MeanPowerW} from {q.SampleCount}).", nameof(q));
        }
    }
}
