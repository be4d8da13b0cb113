using OliMove.Edge.Planning;
using OliMove.Modbus.Forecast;
using OliMove.Modbus.Polling;
using OliMove.Storage;

namespace OliMove.Edge.Hosting;

/// <summary>
/// The PV poller's sink: folds readings into 15-minute quarters per inverter, hands each finished quarter to the
/// forecast's history and stores it in SQLite (one short write per quarter, pruned beyond the forecaster's
/// window). On start, before the slot loop's first plan, it rebuilds that history from SQLite and resumes a
/// quarter the last run left unfinished; on stop it stores the unfinished quarter. A failed or stale reading is a
/// poll without a sample: a quarter of them is stored as missing (NULL), never as 0 W (decisions 0051, 0052).
/// </summary>
public sealed class PvHistoryRecorder(
    PvQuarterReadingRepository repository,
    PvSurplusSource history,
    PvForecaster forecaster,
    TimeProvider time,
    ILogger<PvHistoryRecorder> logger) : IPvReadingSink, IHostedService
{
    private readonly PvQuarterAccumulator _accumulator = new();

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var current = PvForecaster.Floor(time.GetUtcNow());
        var stored = await repository.ListFromAsync(current - forecaster.HistoryWindow, cancellationToken);
        var quarters = stored.Select(ToQuarter).ToList();
        foreach (var unfinished in quarters.Where(q => q.Start == current))
        {
            _accumulator.Resume(unfinished);
        }

        history.AddQuarters(quarters.Where(q => q.Start < current));
        if (quarters.Count > 0)
        {
            logger.LogInformation("PV history rebuilt from {Count} stored quarters of {Inverters} inverters", quarters.Count, quarters.Select(q => q.InverterId).Distinct().Count());
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        var open = _accumulator.OpenQuarters();
        if (open.Count == 0)
        {
            return;
        }

        try
        {
            await SaveAsync(open, cancellationToken);
        }
        catch (Exception e) when (e is Microsoft.Data.Sqlite.SqliteException or OperationCanceledException or ObjectDisposedException)
        {
            // Stopping goes on: at worst the last minutes of PV history are missing after the restart.
            logger.LogWarning(e, "Storing the unfinished PV quarter failed");
        }
    }

    public async Task StoreAsync(PvReading reading, CancellationToken cancellationToken)
    {
        var finished = _accumulator.Add(reading);
        if (finished.Count == 0)
        {
            return;
        }

        // Memory first: a storage fault costs the history after a restart, never the forecast now.
        history.AddQuarters(finished);
        await SaveAsync(finished, cancellationToken);
    }

    private Task SaveAsync(IReadOnlyList<PvQuarter> quarters, CancellationToken cancellationToken) =>
        repository.SaveAsync(
            [.. quarters.Select(q => new PvQuarterReading(q.InverterId, q.Start, q.MeanPowerW, q.SampleCount, q.PollCount))],
            quarters.Max(q => q.Start) - forecaster.HistoryWindow,
            cancellationToken);

    private static PvQuarter ToQuarter(PvQuarterReading r) => new(r.InverterId, r.QuarterStart, r.MeanPowerW, r.SampleCount, r.PollCount);
}
