using OliMove.Storage;

namespace OliMove.Edge.Metering;

/// <summary>
/// The measured other load of each metered circuit folded into 15-minute quarters (decision 0314): mean and maximum
/// of the total and of the most loaded line; likewise each metered other load and the grid meter's residual, each
/// under its own <see cref="OtherLoadSource"/> (decision 0351). A finished quarter is kept in memory for the forecast and stored in
/// SQLite; the unfinished one is stored when the service stops and resumed on start. The stored history is loaded
/// once, before the first reading is folded or the first forecast is made, so a restart keeps it.
/// </summary>
public sealed class OtherLoadHistory(OtherLoadQuarterRepository repository, TimeProvider time, ILogger<OtherLoadHistory> logger) : IHostedService
{
    /// <summary>How far back the history is held in memory: the forecaster's default window and a day to spare.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromDays(15);

    private readonly Dictionary<(OtherLoadSource Source, string Id), SortedList<DateTimeOffset, OtherLoadQuarterReading>> _finished = [];
    private readonly Dictionary<(OtherLoadSource Source, string Id), OpenQuarter> _open = [];
    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _loading = new(1, 1);
    private volatile bool _loaded;

    public Task StartAsync(CancellationToken cancellationToken) => EnsureLoadedAsync(cancellationToken);

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        List<OtherLoadQuarterReading> open;
        lock (_gate)
        {
            open = [.. _open.Select(o => o.Value.ToReading(o.Key.Source, o.Key.Id))];
        }

        try
        {
            await repository.SaveAsync(open, cancellationToken);
        }
        catch (Exception e) when (e is Microsoft.Data.Sqlite.SqliteException or OperationCanceledException or ObjectDisposedException)
        {
            // Stopping goes on: at worst the last minutes of the history are missing after the restart.
            logger.LogWarning(e, "Storing the unfinished other-load quarters failed");
        }
    }

    /// <summary>Loads the stored quarters of the window once; later calls return at once. A failed read is retried on the next call.</summary>
    public async Task EnsureLoadedAsync(CancellationToken ct)
    {
        if (_loaded)
        {
            return;
        }

        await _loading.WaitAsync(ct);
        try
        {
            if (_loaded)
            {
                return;
            }

            var current = Floor(time.GetUtcNow());
            IReadOnlyList<OtherLoadQuarterReading> stored;
            try
            {
                stored = await repository.ListFromAsync(current - Window, ct);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Planning goes on without the history (the worst case where it is missing); the next call tries again.
                logger.LogWarning(e, "Loading the other-load history failed");
                return;
            }

            lock (_gate)
            {
                foreach (var quarter in stored)
                {
                    if (quarter.QuarterStart == current)
                    {
                        // Readings folded while an earlier load failed are not overwritten.
                        _open.TryAdd((quarter.Source, quarter.CircuitId), OpenQuarter.Resume(quarter));
                    }
                    else if (quarter.QuarterStart < current)
                    {
                        Keep(quarter);
                    }
                }
            }

            if (stored.Count > 0)
            {
                logger.LogInformation("Other-load history rebuilt from {Count} stored quarters of {Circuits} circuits", stored.Count, stored.Select(q => q.CircuitId).Distinct().Count());
            }

            _loaded = true;
        }
        finally
        {
            _loading.Release();
        }
    }

    /// <summary>
    /// Folds one usable reading of a circuit's other load into its quarter; a reading of a later quarter closes the
    /// open one, which is stored. A storage fault costs the history after a restart, never the forecast now.
    /// </summary>
    public Task AddAsync(string circuitId, MeasuredLoad load, DateTimeOffset at, CancellationToken ct) =>
        AddAsync(OtherLoadSource.Circuit, circuitId, load, at, ct);

    /// <inheritdoc cref="AddAsync(string, MeasuredLoad, DateTimeOffset, CancellationToken)"/>
    public async Task AddAsync(OtherLoadSource source, string id, MeasuredLoad load, DateTimeOffset at, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(load);
        var key = (source, id);
        await EnsureLoadedAsync(ct);
        var start = Floor(at);
        OtherLoadQuarterReading? closed = null;
        lock (_gate)
        {
            if (_open.TryGetValue(key, out var open) && start < open.Start)
            {
                return;
            }

            if (open is null || start > open.Start)
            {
                if (open is not null)
                {
                    closed = open.ToReading(source, id);
                    Keep(closed);
                }

                _open[key] = open = new OpenQuarter(start);
            }

            open.Add(Math.Max(0, load.TotalW), Math.Max(0, load.MaxPhaseW));
        }

        if (closed is null)
        {
            return;
        }

        try
        {
            await repository.SaveAsync([closed], ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Whatever the storage does (a full disk, a wrapped fault), the meter's reading and the plan go on.
            logger.LogWarning(e, "Storing the other-load quarter of {Source} {Id} at {Start:O} failed", source, id, closed.QuarterStart);
        }
    }

    /// <summary>The circuit's finished quarters in time order (the forecaster's input).</summary>
    public IReadOnlyList<OtherLoadQuarterReading> Quarters(string circuitId) => Quarters(OtherLoadSource.Circuit, circuitId);

    /// <summary>The finished quarters of one source (a circuit, a metered load or the grid meter) in time order.</summary>
    public IReadOnlyList<OtherLoadQuarterReading> Quarters(OtherLoadSource source, string id)
    {
        lock (_gate)
        {
            return _finished.TryGetValue((source, id), out var quarters) ? [.. quarters.Values] : [];
        }
    }

    public static DateTimeOffset Floor(DateTimeOffset time) =>
        new(time.UtcTicks - (time.UtcTicks % OtherLoadQuarterReading.QuarterLength.Ticks), TimeSpan.Zero);

    private void Keep(OtherLoadQuarterReading quarter)
    {
        if (!_finished.TryGetValue((quarter.Source, quarter.CircuitId), out var quarters))
        {
            _finished[(quarter.Source, quarter.CircuitId)] = quarters = [];
        }

        quarters[quarter.QuarterStart] = quarter;
        var cutoff = quarters.Keys[^1] - Window;
        while (quarters.Count > 0 && quarters.Keys[0] < cutoff)
        {
            quarters.RemoveAt(0);
        }
    }

    private sealed class OpenQuarter(DateTimeOffset start)
    {
        private long _sum;
        private long _max;
        private long _lineSum;
        private long _lineMax;
        private int _samples;

        public DateTimeOffset Start { get; } = start;

        public static OpenQuarter Resume(OtherLoadQuarterReading stored) => new(stored.QuarterStart)
        {
            _sum = stored.MeanW * stored.SampleCount,
            _max = stored.MaxW,
            _lineSum = stored.LineMeanW * stored.SampleCount,
            _lineMax = stored.LineMaxW,
            _samples = stored.SampleCount,
        };

        public void Add(long totalW, long lineW)
        {
            _sum += totalW;
            _max = Math.Max(_max, totalW);
            _lineSum += lineW;
            _lineMax = Math.Max(_lineMax, lineW);
            _samples++;
        }

        // Means are rounded up: whole W, never an understatement of the load.
        public OtherLoadQuarterReading ToReading(OtherLoadSource source, string id) => new(
            id, Start, Mean(_sum), Math.Max(_max, Mean(_sum)), Mean(_lineSum), Math.Max(_lineMax, Mean(_lineSum)), _samples)
        {
            Source = source,
        };

        private long Mean(long sum) => _samples == 0 ? 0 : (sum + _samples - 1) / _samples;
    }
}
