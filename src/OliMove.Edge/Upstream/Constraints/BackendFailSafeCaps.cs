using OliMove.Edge.Dispatch;
using OliMove.Ocpp.Messages;
using OliMove.SiteMap.Model;

namespace OliMove.Edge.Upstream.Constraints;

/// <summary>
/// Caps the fail-safe shares by the backend's limits (decision 0190). A fail-safe default outlives the edge, so it
/// must hold whatever the backend allows at any time it may run: each connector's share is capped by the lowest
/// limit that any still valid ChargePointMaxProfile (split equally over the charger's connectors, which the
/// charger never sees as one limit) or TxDefaultProfile of that connector (its own or connector 0's) sets.
/// A share below the connector's minimum current becomes 0 (IEC 61851). Pure: no clock, no I/O.
/// </summary>
public static class BackendFailSafeCaps
{
    /// <summary>The shares, capped; the very same list when the backend set no limit on their chargers.</summary>
    public static IReadOnlyList<FailSafeShare> Apply(
        IReadOnlyList<FailSafeShare> shares, IReadOnlyList<ChargePointDefinition> chargePoints, IReadOnlyList<StoredBackendProfile> profiles,
        DateTimeOffset now, decimal phaseVoltageV)
    {
        ArgumentNullException.ThrowIfNull(shares);
        ArgumentNullException.ThrowIfNull(chargePoints);
        ArgumentNullException.ThrowIfNull(profiles);
        if (profiles.Count == 0)
        {
            return shares;
        }

        var byCharger = profiles.ToLookup(p => p.ChargePointId, StringComparer.Ordinal);
        var definitions = chargePoints.ToDictionary(c => c.ChargePointId, StringComparer.Ordinal);
        return [.. shares.Select(share =>
            definitions.TryGetValue(share.ChargePointId, out var cp)
            && cp.Connectors.FirstOrDefault(c => c.ConnectorId == share.ConnectorId) is { } connector
            && CapW(byCharger[share.ChargePointId].ToList(), cp, connector, now, phaseVoltageV) is { } cap
            && cap < share.PowerW
                ? share with { PowerW = AtLeastMinimum(cap, connector, phaseVoltageV) }
                : share)];
    }

    /// <summary>The most a connector's fail-safe default may allow under the charger's backend profiles; null when none limits it.</summary>
    public static long? CapW(
        IReadOnlyList<StoredBackendProfile> chargerProfiles, ChargePointDefinition chargePoint, ConnectorDefinition connector, DateTimeOffset now, decimal phaseVoltageV)
    {
        ArgumentNullException.ThrowIfNull(chargerProfiles);
        ArgumentNullException.ThrowIfNull(chargePoint);
        ArgumentNullException.ThrowIfNull(connector);
        long? cap = null;
        var connectors = Math.Max(1, chargePoint.Connectors.Count);
        foreach (var profile in chargerProfiles.Where(p => p.Purpose == ChargingProfilePurposeType.ChargePointMaxProfile).Select(p => p.Profile))
        {
            // Each connector may draw its part of the charger's maximum at once: n parts never exceed it.
            cap = Lower(cap, LowestW(profile, connector, now, phaseVoltageV) / connectors);
        }

        foreach (var profile in BackendLimitCircuits.DefaultsFor(chargerProfiles, connector.ConnectorId))
        {
            cap = Lower(cap, LowestW(profile, connector, now, phaseVoltageV));
        }

        return cap;
    }

    /// <summary>
    /// The lowest limit a profile sets on the connector at any time from <paramref name="now"/> on, in W; null when it
    /// no longer applies. Every period counts, whatever the stack level above it: a Relative schedule may start
    /// whenever a car does, a recurring one comes back, and the edge that would re-plan may be gone.
    /// </summary>
    private static long? LowestW(ChargingProfile profile, ConnectorDefinition connector, DateTimeOffset now, decimal phaseVoltageV)
    {
        var schedule = profile.ChargingSchedule;
        var ended = (profile.ValidTo is { } validTo && validTo <= now)
            || (profile.ChargingProfileKind == ChargingProfileKindType.Absolute
                && schedule.StartSchedule is { } start && schedule.Duration is { } duration && start.AddSeconds(duration) <= now);
        if (ended || schedule.ChargingSchedulePeriod.Count == 0)
        {
            return null;
        }

        return schedule.ChargingSchedulePeriod
            .Select(p => BackendScheduleEvaluator.ToWatts(schedule.ChargingRateUnit, p, phaseVoltageV))
            .Min(limit => limit.PhaseW is { } phaseW ? Math.Min(limit.TotalW, phaseW * connector.Phases) : limit.TotalW);
    }

    private static long? Lower(long? cap, long? limit) => (cap, limit) switch
    {
        ({ } a, { } b) => Math.Min(a, b),
        (null, { } b) => b,
        _ => cap,
    };

    private static long AtLeastMinimum(long watts, ConnectorDefinition connector, decimal phaseVoltageV)
    {
        var minimumW = connector.MinCurrentA * (double)phaseVoltageV * connector.Phases;
        return watts + 1e-9 >= minimumW ? watts : 0;
    }
}
