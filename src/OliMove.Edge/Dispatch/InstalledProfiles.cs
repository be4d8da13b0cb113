using System.Collections.Concurrent;

namespace OliMove.Edge.Dispatch;

/// <summary>
/// What each connector holds of ours, as far as we know: the TxProfile and the TxDefaultProfile it last accepted
/// (so only changed profiles are sent), and the window default the last plan built for it (so a charger that
/// reconnects mid-plan gets that rather than its static share, decision 0102).
/// </summary>
public sealed class InstalledProfiles
{
    private readonly ConcurrentDictionary<(string, int), ChargingProfileSpec> _txProfiles = new();
    private readonly ConcurrentDictionary<(string, int), ChargingProfileSpec> _defaults = new();
    private readonly ConcurrentDictionary<(string, int), ChargingProfileSpec> _plannedDefaults = new();

    /// <summary>The profile of this purpose the connector last accepted, or null.</summary>
    public ChargingProfileSpec? Held(string chargePointId, int connectorId, ProfilePurpose purpose) => purpose switch
    {
        ProfilePurpose.TxProfile => _txProfiles.GetValueOrDefault((chargePointId, connectorId)),
        ProfilePurpose.TxDefaultProfile => _defaults.GetValueOrDefault((chargePointId, connectorId)),
        _ => null,
    };

    /// <summary>The charger accepted <paramref name="spec"/>: it now holds it in place of the one before.</summary>
    public void Accepted(string chargePointId, ChargingProfileSpec spec)
    {
        if (spec.Purpose == ProfilePurpose.TxProfile)
        {
            _txProfiles[(chargePointId, spec.ConnectorId)] = spec;
        }
        else if (spec.Purpose == ProfilePurpose.TxDefaultProfile)
        {
            _defaults[(chargePointId, spec.ConnectorId)] = spec;
        }
    }

    /// <summary>Forget the TxProfiles a charger holds, so the next plan is sent in full (after a reconnect or a reboot).</summary>
    public void ForgetTxProfiles(string chargePointId)
    {
        foreach (var key in _txProfiles.Keys.Where(k => k.Item1 == chargePointId).ToList())
        {
            _txProfiles.TryRemove(key, out _);
        }
    }

    public void PlannedDefault(string chargePointId, ChargingProfileSpec spec) => _plannedDefaults[(chargePointId, spec.ConnectorId)] = spec;

    /// <summary>The window default the last plan built for the connector, or null.</summary>
    public ChargingProfileSpec? LastPlannedDefault(string chargePointId, int connectorId) =>
        _plannedDefaults.GetValueOrDefault((chargePointId, connectorId));

    /// <summary>Forget the window defaults of the last plans (the site map changed: they were cut from old limits).</summary>
    public void ForgetPlannedDefaults() => _plannedDefaults.Clear();
}
