namespace OliMove.Edge.Retention;

/// <summary>
/// Runs the <see cref="RetentionPass"/> in the background on the service's clock: first a minute after start (start-up
/// and the chargers' reconnects go first), then every <see cref="RetentionOptions.IntervalMinutes"/>. A failed pass
/// (e.g. storage refusing writes, the archive folder not writable) is logged and tried again at the next interval;
/// whatever it did not finish stays in SQLite.
/// </summary>
public sealed class RetentionService(RetentionPass pass, RetentionOptions options, TimeProvider time, ILogger<RetentionService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var wait = TimeSpan.FromMinutes(1);
        while (true)
        {
            try
            {
                await Task.Delay(wait, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            wait = TimeSpan.FromMinutes(options.IntervalMinutes);
            try
            {
                var report = await pass.RunAsync(stoppingToken);
                if (report.ChangedAnything)
                {
                    logger.LogInformation(
                        "Retention: {Folded} raw meter values folded into quarters, {Quarters} old quarters deleted, {Files} slot archive files written ({Archived} plans), {Plans} archived plans removed, {Outbox} confirmed slot records deleted from the outbox, {Upstream} delivered upstream messages deleted, {SecurityEvents} old security events deleted; {Batches} batches, longest {LongestMs:F0} ms",
                        report.MeterValuesFolded.Rows, report.QuartersDeleted.Rows, report.ArchiveFilesWritten, report.PlansArchived, report.PlansDeleted.Rows,
                        report.OutboxDeleted.Rows, report.UpstreamDeleted.Rows, report.SecurityEventsDeleted.Rows, report.Batches, report.LongestBatch.TotalMilliseconds);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogError(e, "Retention pass failed; nothing it had not finished is lost, and it runs again in {Minutes} min", options.IntervalMinutes);
            }
        }
    }
}
