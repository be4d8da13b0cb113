using OliMove.Edge.Hosting;
using OliMove.Edge.Planning;
using OliMove.Ocpp.CentralSystem;
using OliMove.Storage;

namespace OliMove.Edge.Dispatch;

/// <summary>
/// When a charger has told us its smart-charging terms after boot (GetConfiguration, stored before the event), a
/// site-map unit it does not take is reported once, and, where its terms differ from what the site map alone says
/// (or it was taken for refusing), its refusals are forgotten and its fail-safe defaults and plan are sent again in
/// its terms: the fail-safe sent on boot may have crossed the configuration on the wire, built from the site map.
/// </summary>
public sealed class ChargerTermsWatcher(
    OcppCentralSystemEvents events,
    SiteState site,
    ChargePointRepository chargePoints,
    InstalledProfiles installed,
    FailSafeInstaller failSafe,
    ProfileRefusals refusals,
    RateUnitMismatches mismatches,
    ReplanSignal replans,
    IHostApplicationLifetime lifetime,
    ILogger<ChargerTermsWatcher> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        events.Configured += OnConfigured;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        events.Configured -= OnConfigured;
        return Task.CompletedTask;
    }

    private void OnConfigured(ChargePointConfigured e) =>
        _ = Task.Run(async () =>
        {
            try
            {
                await ApplyAsync(e.ChargePointId, lifetime.ApplicationStopping);
            }
            catch (OperationCanceledException) when (lifetime.ApplicationStopping.IsCancellationRequested)
            {
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Applying the smart-charging terms of {ChargePoint} failed", e.ChargePointId);
            }
        });

    private async Task ApplyAsync(string chargePointId, CancellationToken ct)
    {
        if (site.Topology.FindChargePoint(chargePointId) is not { } definition)
        {
            return;
        }

        var terms = ChargerProfileTerms.Of(definition, (await chargePoints.GetAsync(chargePointId, ct))?.Capabilities);
        mismatches.Report(chargePointId, terms.UnitMismatch);
        if (terms == ChargerProfileTerms.Of(definition, null) && !refusals.IsRefusing(chargePointId))
        {
            return; // what the boot's fail-safe was built from holds
        }

        // Sends still in flight from the boot were built from other terms: their refusals are not the charger's.
        refusals.Forget(chargePointId);
        installed.ForgetTxProfiles(chargePointId);
        await failSafe.InstallAsync(chargePointId, ct);
        if (site.Topology.GroupOf(chargePointId) is { } group)
        {
            replans.Request(group.Id);
        }
    }
}
