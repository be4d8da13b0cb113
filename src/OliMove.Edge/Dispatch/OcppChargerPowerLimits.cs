using OliMove.Edge.Hosting;
using OliMove.Ocpp.CentralSystem;
using OliMove.Storage;

namespace OliMove.Edge.Dispatch;

/// <summary>
/// The chargers' power limits as OCPP 1.6 charging profiles: a transaction's limit is a TxProfile, a fail-safe a
/// TxDefaultProfile (§3.13), in the charger's rate unit and stack levels (<see cref="ChargerProfileTerms"/>), with
/// the ids of <see cref="ProfileScheme"/>. Only a profile that differs from what the connector holds is a change
/// (<see cref="ProfileChangeDetector"/>, compared as it goes on the wire: after rounding to the charger's unit). A
/// TxProfile the charger accepted is checked against its composite schedule.
/// </summary>
public sealed class OcppChargerPowerLimits(
    SiteState site,
    ChargePointConnectionRegistry connections,
    ChargePointRepository chargePoints,
    InstalledProfiles installed,
    ProfileSender sender,
    CompositeScheduleCheck composite) : IChargerPowerLimits
{
    /// <summary>A profile with less than this left is sent again, so a charger left alone keeps following a plan.</summary>
    private readonly ProfileChangeDetector _detector = new(TimeSpan.FromHours(6));

    public bool IsConnected(string chargePointId) => connections.TryGet(chargePointId, out _);

    public async Task<IReadOnlyList<PowerLimitChange>> ChangesAsync(IReadOnlyList<PowerLimit> limits, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(limits);
        var changes = new List<PowerLimitChange>();
        // One read of each charger's stored record per call, however many of its connectors are in it.
        var records = new Dictionary<string, ChargePointRecord?>(StringComparer.Ordinal);
        foreach (var limit in limits)
        {
            var definition = site.Topology.FindChargePoint(limit.ChargePointId);
            var connector = site.Topology.FindConnector(limit.ChargePointId, limit.ConnectorId);
            if (definition is null || connector is null)
            {
                continue; // the site map changed under the plan; the next plan has the new one
            }

            if (!records.TryGetValue(limit.ChargePointId, out var record))
            {
                records[limit.ChargePointId] = record = await chargePoints.GetAsync(limit.ChargePointId, ct);
            }

            var terms = ChargerProfileTerms.Of(definition, record?.Capabilities);
            var maxPeriods = record?.Capabilities.MaxSchedulePeriods ?? ProfileScheme.AssumedMaxPeriods;
            var spec = limit switch
            {
                TransactionPowerLimit tx => ChargingProfileBuilder.BuildTxProfile(new TxPlanTarget(
                    tx.ConnectorId,
                    tx.TransactionId,
                    terms.Unit,
                    tx.Phases ?? connector.Phases,
                    site.PhaseVoltageV,
                    tx.Start,
                    tx.SlotLength,
                    tx.SlotW,
                    maxPeriods,
                    terms.TxStackLevel,
                    ProfileScheme.TxProfileId(tx.ConnectorId),
                    ProfileScheme.ClockSkewAllowance)),
                FailSafePowerLimit failSafe => ChargingProfileBuilder.BuildWindowDefault(
                    failSafe.ConnectorId, ProfileScheme.DefaultProfileId(failSafe.ConnectorId), terms.DefaultStackLevel, failSafe.SlotW,
                    failSafe.ThenW, terms.Unit, connector.Phases, site.PhaseVoltageV, failSafe.Start, failSafe.SlotLength, maxPeriods,
                    ProfileScheme.DefaultValidity, ProfileScheme.ClockSkewAllowance),
                _ => throw new ArgumentException($"no profile for a {limit.GetType().Name}", nameof(limits)),
            };
            if (limit is FailSafePowerLimit)
            {
                installed.PlannedDefault(limit.ChargePointId, spec);
            }

            var held = installed.Held(limit.ChargePointId, limit.ConnectorId, spec.Purpose);
            if (_detector.MustSend(held, spec, now))
            {
                // Without a TxProfile the charger runs the transaction on its default, which the window default
                // has already counted; a new TxProfile is a raise.
                changes.Add(new OcppProfileChange(limit, held is null || ProfileChangeDetector.Raises(held, spec, now), spec));
            }
        }

        return changes;
    }

    public async Task<SendOutcome> SetAsync(PowerLimitChange change, CancellationToken ct)
    {
        if (change is not OcppProfileChange { Spec: var spec, Limit.ChargePointId: var chargePointId })
        {
            throw new ArgumentException("a change to send must come from ChangesAsync", nameof(change));
        }

        var outcome = await sender.SendAsync(chargePointId, spec, ct);
        return outcome.Accepted && spec.Purpose == ProfilePurpose.TxProfile
            ? outcome with { Problem = await composite.CheckAsync(chargePointId, spec, ct) }
            : outcome;
    }
}
