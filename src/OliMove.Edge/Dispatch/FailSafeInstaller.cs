using System.Collections.Concurrent;
using OliMove.Edge.Hosting;
using OliMove.Edge.Live;
using OliMove.Ocpp.CentralSystem;
using OliMove.Storage;

namespace OliMove.Edge.Dispatch;

/// <summary>
/// Installs each connector's fail-safe TxDefaultProfile on a charger as a whole: at boot, on reconnect, when its
/// terms are learned or when the site map changes. Plans keep the defaults up to date after that
/// (<see cref="PlanDispatcher"/>). Installs on one charger run one at a time, so that the one after a boot sees what
/// the one after the connect has just installed (<see cref="InstallMissingAsync"/>).
/// </summary>
public sealed class FailSafeInstaller(
    SiteState site,
    LiveSiteState live,
    ChargePointRepository chargePoints,
    CappedFailSafeShares shares,
    InstalledProfiles installed,
    ProfileSender sender,
    ChargePointConnectionRegistry connections,
    TimeProvider time)
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _oneAtATime = new(StringComparer.Ordinal);

    // Per connector: the default this installer last had accepted, and on which connection (the session object, held
    // weakly so that a charger that never comes back does not keep its dead connection alive).
    private readonly ConcurrentDictionary<(string, int), (WeakReference<IChargePointClient> Connection, ChargingProfileSpec Spec)> _acceptedOn = new();

    /// <summary>Sends every connector's fail-safe default, whatever the charger is thought to hold.</summary>
    public Task InstallAsync(string chargePointId, CancellationToken ct) => InstallAsync(chargePointId, exceptHeld: false, ct);

    /// <summary>
    /// Sends the fail-safe defaults the charger was not given on its current connection: a connector that accepted
    /// this very profile from this installer since it connected is skipped. A charger that connects and then boots
    /// (every one after a power cut) gets its defaults once, not once for the connect and again for the boot.
    /// </summary>
    public Task InstallMissingAsync(string chargePointId, CancellationToken ct) => InstallAsync(chargePointId, exceptHeld: true, ct);

    private async Task InstallAsync(string chargePointId, bool exceptHeld, CancellationToken ct)
    {
        var gate = _oneAtATime.GetOrAdd(chargePointId, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(ct);
        try
        {
            await InstallNowAsync(chargePointId, exceptHeld, ct);
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task InstallNowAsync(string chargePointId, bool exceptHeld, CancellationToken ct)
    {
        var group = site.Topology.GroupOf(chargePointId);
        var definition = site.Topology.FindChargePoint(chargePointId);
        if (group is null || definition is null)
        {
            return;
        }

        var now = time.GetUtcNow();
        var problems = new List<string>();
        var terms = ChargerProfileTerms.Of(definition, (await chargePoints.GetAsync(chargePointId, ct))?.Capabilities);
        // Only this charger's shares are kept across the sends below: each send waits for the charger's reply, and
        // when a whole site (re)connects every charger's install waits at once, each holding its group's full list
        // (1,000 chargers held 100,000 shares; decision 0334).
        var own = (await shares.OfGroupAsync(group, now, ct)).Where(s => s.ChargePointId == chargePointId).ToList();
        foreach (var share in own)
        {
            // TxDefaultProfile on a connector > 0 replaces the default for that connector only (OCPP 1.6 §3.13.2),
            // so 1- and 3-phase connectors of one charger each get their own share.
            // The last plan's window default when there is one (a charger reconnecting mid-plan must not take its
            // static share while a neighbour runs above its own); else the static share.
            var planned = installed.LastPlannedDefault(chargePointId, share.ConnectorId);
            var spec = planned is not null && planned.Unit == terms.Unit && planned.StackLevel == terms.DefaultStackLevel
                ? planned
                : ChargingProfileBuilder.BuildConstant(
                    ProfilePurpose.TxDefaultProfile, share.ConnectorId, ProfileScheme.DefaultProfileId(share.ConnectorId), terms.DefaultStackLevel,
                    share.PowerW, terms.Unit, share.Phases, site.PhaseVoltageV,
                    StartOfDay(now), ProfileScheme.DefaultValidity);
            if (!connections.TryGet(chargePointId, out var connection))
            {
                problems.Add($"connector {share.ConnectorId}: offline");
                continue;
            }

            if (exceptHeld && _acceptedOn.TryGetValue((chargePointId, share.ConnectorId), out var given)
                && given.Connection.TryGetTarget(out var givenTo) && ReferenceEquals(givenTo, connection) && given.Spec.SameProfileAs(spec))
            {
                continue;
            }

            var (accepted, problem) = await sender.SendAsync(chargePointId, spec, ct);
            if (accepted)
            {
                _acceptedOn[(chargePointId, share.ConnectorId)] = (new WeakReference<IChargePointClient>(connection), spec);
            }

            if (problem is not null)
            {
                problems.Add($"connector {share.ConnectorId}: {problem}");
            }
        }

        live.UpdateChargePoint(chargePointId, c => c with { FailSafeProblem = problems.Count == 0 ? null : string.Join("; ", problems) });
    }

    private static DateTimeOffset StartOfDay(DateTimeOffset now) => new(now.UtcDateTime.Date, TimeSpan.Zero);
}
