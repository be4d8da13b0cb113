using OliMove.Edge.Configuration;
using OliMove.Edge.Sessions;
using OliMove.Storage;

namespace OliMove.Edge.Hosting;

/// <summary>
/// Says out loud when the database starts refusing writes (one Error line per episode, not one per write) and
/// when it takes them again; then, and at start, settles the sessions whose settlement could not be written.
/// Nothing else is needed to recover: chargers resend the transaction messages they were refused.
/// </summary>
public sealed class StorageMonitor(
    EdgeDatabase database,
    SessionSettler settler,
    EdgeOptions options,
    IHostApplicationLifetime lifetime,
    ILogger<StorageMonitor> logger) : IHostedService
{
    private readonly SemaphoreSlim _oneCatchUpAtATime = new(1, 1);
    private DateTimeOffset? _failingSince;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        database.HealthChanged += OnHealthChanged;
        if (database.MaxDatabaseBytes is { } cap && options.Storage.MaxDatabaseMegabytes is { } configured && cap > configured * 1024L * 1024L)
        {
            logger.LogWarning("The database is already {Size} MiB, above Storage.MaxDatabaseMegabytes ({Cap} MiB): writes that need more room will fail until space is freed or the cap is raised", cap / (1024 * 1024), configured);
        }

        var space = await database.GetSpaceAsync(cancellationToken);
        logger.LogInformation("Database {Path}: {Size} MiB, cap {Cap}, {Free} MiB free", database.Path, space.DatabaseBytes / (1024 * 1024),
            database.MaxDatabaseBytes is { } max ? $"{max / (1024 * 1024)} MiB" : "none", space.FreeBytes / (1024 * 1024));
        CatchUp("start");
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        database.HealthChanged -= OnHealthChanged;
        return Task.CompletedTask;
    }

    private void OnHealthChanged(StorageHealth health)
    {
        if (!health.Writable)
        {
            _failingSince = health.FailingSince;
            logger.LogError(
                "Storage refuses writes: {Fault} (SQLite error {Code}). Charge points get CALLERROR InternalError and keep their transaction messages; API writes answer {Status}; planning keeps the installed profiles. {Advice}",
                health.LastFault?.Message, health.LastFault?.SqliteErrorCode, health.LastFault?.IsDiskFull == true ? 507 : 503,
                health.LastFault?.IsDiskFull == true ? "Free disk space or raise Storage.MaxDatabaseMegabytes." : "Check the disk and the database file.");
            return;
        }

        logger.LogInformation("Storage takes writes again after {Refused} refused writes since {Since:u}", health.RefusedWrites, _failingSince);
        CatchUp("storage recovered");
    }

    /// <summary>Settles, in the background, the stopped sessions that have no settlement yet.</summary>
    private void CatchUp(string reason) =>
        _ = Task.Run(async () =>
        {
            var ct = lifetime.ApplicationStopping;
            try
            {
                await _oneCatchUpAtATime.WaitAsync(ct);
                try
                {
                    var settled = await settler.SettleOutstandingAsync(ct);
                    if (settled > 0)
                    {
                        logger.LogInformation("Settled {Count} sessions whose settlement was outstanding ({Reason})", settled, reason);
                    }
                }
                finally
                {
                    _oneCatchUpAtATime.Release();
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
            }
            catch (Exception e)
            {
                logger.LogError(e, "Outstanding settlements could not be made ({Reason}); they are tried again when storage recovers or the service restarts", reason);
            }
        });
}
