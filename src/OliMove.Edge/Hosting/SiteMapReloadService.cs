using System.Runtime.InteropServices;
using OliMove.Edge.Dispatch;
using OliMove.Edge.Planning;
using OliMove.Ocpp.CentralSystem;
using OliMove.SiteMap;

namespace OliMove.Edge.Hosting;

/// <summary>
/// Re-reads the site map when its file changes or the process gets SIGHUP. A map that fails validation is
/// not applied: the old map stays in force (a technician's typo must not take the site's limits away) and
/// its errors are logged and kept in <see cref="SiteState.LastReloadErrors"/> for the API to show. A map that
/// is applied takes effect on the wire at once: every connected charger gets its recomputed fail-safe default
/// and every group is re-planned, so a lowered cabinet limit never waits for a reboot or the next slot. The new map's
/// assets are queued for SC1 before it applies (decision 0346), so a slot record naming a new meter, battery or
/// inverter is queued after the registration it needs.
/// </summary>
public sealed class SiteMapReloadService(
    SiteState site,
    InstalledProfiles installed,
    FailSafeInstaller failSafe,
    ChargePointConnectionRegistry connections,
    ReplanSignal replans,
    ChainLink.SiteAssetRegistration registration,
    ILogger<SiteMapReloadService> logger) : BackgroundService
{
    /// <summary>Polling rather than FileSystemWatcher: editors replace files by rename, which watchers miss on some
    /// file systems. Wall-clock on purpose: it watches a real file, also when the planning clock is accelerated.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(2);

    private readonly SemaphoreSlim _reloadRequested = new(0, 1);
    private DateTime _lastWriteUtc;

    /// <summary>Loads the file now; returns true when the new map replaced the one in force.</summary>
    public async Task<bool> ReloadAsync(CancellationToken ct)
    {
        var candidate = await SiteMapLoader.LoadFileAsync(site.File, ct);
        if (candidate.IsValid)
        {
            await QueueRegistrationAsync(candidate.Topology!, ct);
        }

        if (site.TryReplace(candidate))
        {
            logger.LogWarning("Site map {File} reloaded; sending the recomputed fail-safe defaults and re-planning every group", site.File);
            await ApplyToChargersAsync(ct);
            return true;
        }

        foreach (var error in candidate.Errors)
        {
            logger.LogError("Site map reload refused, the previous map stays in force: {Error}", error.ToString());
        }

        return false;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _lastWriteUtc = LastWriteUtc();
        using var hangup = OperatingSystem.IsWindows() ? null : PosixSignalRegistration.Create(PosixSignal.SIGHUP, context =>
        {
            context.Cancel = true; // SIGHUP means "reload", never "terminate"
            RequestReload();
        });
        while (!stoppingToken.IsCancellationRequested)
        {
            var signalled = await WaitForSignalOrPollAsync(stoppingToken);
            var lastWrite = LastWriteUtc();
            if (!signalled && lastWrite == _lastWriteUtc)
            {
                continue;
            }

            _lastWriteUtc = lastWrite;
            try
            {
                await ReloadAsync(stoppingToken);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                logger.LogError(e, "Site map {File} could not be read; the previous map stays in force", site.File);
            }
        }
    }

    private async Task QueueRegistrationAsync(OliMove.SiteMap.Topology.SiteTopology topology, CancellationToken ct)
    {
        try
        {
            if (await registration.QueueAsync(topology, ct))
            {
                logger.LogInformation("Site map {File}: its assets are queued for registration on chain", site.File);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The limits must still apply; the next start queues the registration again.
            logger.LogError(e, "Site map {File}: its assets could not be queued for registration on chain", site.File);
        }
    }

    private async Task ApplyToChargersAsync(CancellationToken ct)
    {
        // Defaults first: they are what a charger falls back to if the controller dies right after the edit. The
        // last plans' window defaults were cut from the old limits, so they go too.
        installed.ForgetPlannedDefaults();
        var sends = connections.ConnectedIds
            .Where(id => site.Topology.FindChargePoint(id) is not null)
            .Select(async id =>
            {
                installed.ForgetTxProfiles(id);
                try
                {
                    await failSafe.InstallAsync(id, ct);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // One charger's failure must not keep the new map from the others; the next boot retries it.
                    logger.LogError(e, "Fail-safe default for {ChargePoint} after the site-map reload could not be sent", id);
                }
            });
        await Task.WhenAll(sends);
        foreach (var group in site.Topology.Groups)
        {
            replans.Request(group.Id);
        }
    }

    private void RequestReload()
    {
        try
        {
            _reloadRequested.Release();
        }
        catch (SemaphoreFullException)
        {
            // a reload is already pending
        }
    }

    private async Task<bool> WaitForSignalOrPollAsync(CancellationToken ct)
    {
        try
        {
            return await _reloadRequested.WaitAsync(PollInterval, ct);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private DateTime LastWriteUtc() => File.Exists(site.File) ? File.GetLastWriteTimeUtc(site.File) : DateTime.MinValue;
}
