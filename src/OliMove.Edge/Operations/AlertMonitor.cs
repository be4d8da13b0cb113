using OliMove.Edge.Live;

namespace OliMove.Edge.Operations;

/// <summary>
/// Keeps the alert list: checks <see cref="AlertSources"/> every <see cref="AlertOptions.CheckSeconds"/> and soon
/// after any charger's live change (at most one check per <see cref="LiveCheckGap"/>); a cause not found any more clears its alert. Each new and each cleared alert
/// goes to the webhook's queue, which never holds up the check (decision 0283). In memory: after a restart the
/// list is rebuilt from the sources within one check.
/// </summary>
public sealed class AlertMonitor(AlertSources sources, LiveSiteState live, AlertWebhook webhook, AlertOptions options, TimeProvider time, ILogger<AlertMonitor> logger) : BackgroundService
{
    /// <summary>
    /// Checks after live changes are at most this close together: every MeterValues is a live change, and at thousands a
    /// second back-to-back checks (each reads every charger and the database) took a core (decision 0290).
    /// </summary>
    public static readonly TimeSpan LiveCheckGap = TimeSpan.FromSeconds(1);

    private readonly SemaphoreSlim _wake = new(0, 1);
    private readonly Lock _lock = new();
    private Dictionary<string, Alert> _alerts = new(StringComparer.Ordinal);

    /// <summary>The alerts in force, newest first.</summary>
    public IReadOnlyList<Alert> Current()
    {
        lock (_lock)
        {
            return [.. _alerts.Values.OrderByDescending(a => a.Since).ThenBy(a => a.Id, StringComparer.Ordinal)];
        }
    }

    /// <summary>Checks every source now (also what the loop does); returns the list after the check.</summary>
    public async Task<IReadOnlyList<Alert>> CheckAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var found = await sources.CurrentAsync(now, ct);
        var raised = new List<Alert>();
        var cleared = new List<Alert>();
        lock (_lock)
        {
            var next = new Dictionary<string, Alert>(StringComparer.Ordinal);
            foreach (var (alert, sinceKnown) in found)
            {
                if (next.ContainsKey(alert.Id))
                {
                    continue;
                }

                // A cause already listed keeps its first-seen time unless its source knows better.
                var kept = _alerts.TryGetValue(alert.Id, out var old) ? (sinceKnown ? alert : alert with { Since = old.Since }) : alert;
                next[alert.Id] = kept;
                if (old is null)
                {
                    raised.Add(kept);
                }
            }

            cleared.AddRange(_alerts.Values.Where(a => !next.ContainsKey(a.Id)));
            _alerts = next;
        }

        foreach (var alert in raised)
        {
            logger.LogWarning("Alert raised: {Id}: {Message}", alert.Id, alert.Message);
            webhook.Enqueue("alert.raised", alert);
        }

        foreach (var alert in cleared)
        {
            logger.LogInformation("Alert cleared: {Id}", alert.Id);
            webhook.Enqueue("alert.cleared", alert);
        }

        return Current();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        live.Changed += OnLiveChanged;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var checkedAt = time.GetUtcNow();
                try
                {
                    await CheckAsync(stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogError(e, "Alert check failed; the list stays as it was until the next check");
                }

                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(Math.Max(1, options.CheckSeconds)), time);
                using var either = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, timeout.Token);
                try
                {
                    await _wake.WaitAsync(either.Token);
                    var sinceCheck = time.GetUtcNow() - checkedAt;
                    if (sinceCheck < LiveCheckGap)
                    {
                        // The changes of the coming moment join this one's check.
                        await Task.Delay(LiveCheckGap - sinceCheck, time, stoppingToken);
                    }
                }
                catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
                {
                    // the periodic check
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            live.Changed -= OnLiveChanged;
        }
    }

    private void OnLiveChanged(string chargePointId)
    {
        // Coalesces a burst of changes into one check: the semaphore holds at most one wake-up. Looked at first, since
        // a full semaphore throws and this runs on every MeterValues.
        if (_wake.CurrentCount > 0)
        {
            return;
        }

        try
        {
            _wake.Release();
        }
        catch (SemaphoreFullException)
        {
        }
    }

    public override void Dispose()
    {
        _wake.Dispose();
        base.Dispose();
    }
}
