using OliMove.Ocpp.Messages;

namespace OliMove.Tools.CpSimulator;

/// <summary>
/// The smart-charging profiles a simulated charger holds, with the stacking rules of OCPP 1.6 §3.13 and §5.16:
/// ChargePointMaxProfile only on connector 0; TxProfile only on a connector with an active transaction;
/// TxDefaultProfile on 0 for all connectors or on one connector; within a purpose the highest valid stackLevel
/// wins; a profile with the same id, or the same stackLevel and purpose on the same connector, replaces the old one.
/// </summary>
public sealed class ChargingProfileStore(ElectricalSupply supply, int connectorCount, int maxStackLevel = 8,
    int maxSchedulePeriods = 24, int maxProfilesInstalled = 16)
{
    private readonly List<InstalledProfile> _profiles = [];
    private readonly Lock _lock = new();

    public IReadOnlyList<InstalledProfile> Profiles
    {
        get
        {
            lock (_lock)
            {
                return _profiles.ToArray();
            }
        }
    }

    /// <summary>Installs a profile. <paramref name="activeTransactionId"/>: the transaction running on
    /// <paramref name="connectorId"/>, if any.</summary>
    public ChargingProfileStatus Install(int connectorId, ChargingProfile profile, int? activeTransactionId)
    {
        var periods = profile.ChargingSchedule.ChargingSchedulePeriod;
        var acceptable = connectorId >= 0 && connectorId <= connectorCount
            && profile.StackLevel <= maxStackLevel
            && periods.Count <= maxSchedulePeriods
            && periods.Count > 0 && periods[0].StartPeriod == 0 // §7.13: the first period starts at 0
            && profile.ChargingProfilePurpose switch
            {
                ChargingProfilePurposeType.ChargePointMaxProfile => connectorId == 0,
                // §3.13.4: a TxProfile needs a connector with an active transaction, and names that transaction.
                ChargingProfilePurposeType.TxProfile => connectorId > 0 && activeTransactionId is not null
                    && (profile.TransactionId is null || profile.TransactionId == activeTransactionId),
                _ => true,
            }
            && (profile.ChargingProfileKind != ChargingProfileKindType.Recurring || profile.RecurrencyKind is not null);
        if (!acceptable)
        {
            return ChargingProfileStatus.Rejected;
        }
        lock (_lock)
        {
            _profiles.RemoveAll(p => p.Profile.ChargingProfileId == profile.ChargingProfileId
                || (p.ConnectorId == connectorId && p.Profile.StackLevel == profile.StackLevel
                    && p.Profile.ChargingProfilePurpose == profile.ChargingProfilePurpose));
            if (_profiles.Count >= maxProfilesInstalled)
            {
                return ChargingProfileStatus.Rejected;
            }
            _profiles.Add(new InstalledProfile(connectorId, profile));
        }
        return ChargingProfileStatus.Accepted;
    }

    /// <summary>OCPP 1.6 §5.5: removes the profiles matching every given criterion; Unknown when none matched.</summary>
    public ClearChargingProfileStatus Clear(ClearChargingProfileRequest request)
    {
        lock (_lock)
        {
            var removed = _profiles.RemoveAll(p =>
                request.Id is { } id
                    ? p.Profile.ChargingProfileId == id
                    : (request.ConnectorId is null || p.ConnectorId == request.ConnectorId)
                        && (request.ChargingProfilePurpose is null || p.Profile.ChargingProfilePurpose == request.ChargingProfilePurpose)
                        && (request.StackLevel is null || p.Profile.StackLevel == request.StackLevel));
            return removed > 0 ? ClearChargingProfileStatus.Accepted : ClearChargingProfileStatus.Unknown;
        }
    }

    /// <summary>A TxProfile ends with its transaction (§3.13.4).</summary>
    public void EndTransaction(int connectorId)
    {
        lock (_lock)
        {
            _profiles.RemoveAll(p => p.ConnectorId == connectorId && p.Profile.ChargingProfilePurpose == ChargingProfilePurposeType.TxProfile);
        }
    }

    /// <summary>The power in W that connector <paramref name="connectorId"/> (0 = the whole charger) may draw at
    /// <paramref name="at"/>. <paramref name="transactions"/>: running transactions by connector, with their start.</summary>
    public double LimitW(int connectorId, DateTimeOffset at, IReadOnlyDictionary<int, (int TransactionId, DateTimeOffset Start)> transactions)
    {
        var profiles = Profiles;
        var chargerMax = Winning(profiles, 0, ChargingProfilePurposeType.ChargePointMaxProfile, at, null) ?? double.MaxValue;
        if (connectorId == 0)
        {
            var sum = Enumerable.Range(1, connectorCount).Sum(c => ConnectorLimitW(profiles, c, at, transactions));
            return Math.Min(sum, chargerMax);
        }
        return Math.Min(ConnectorLimitW(profiles, connectorId, at, transactions), chargerMax);
    }

    /// <summary>The numberPhases of the period in force on connector <paramref name="connectorId"/> at
    /// <paramref name="at"/> (TxProfile over the defaults, as <see cref="LimitW"/>); null when it names none.</summary>
    public int? NumberPhases(int connectorId, DateTimeOffset at, IReadOnlyDictionary<int, (int TransactionId, DateTimeOffset Start)> transactions)
    {
        var profiles = Profiles;
        DateTimeOffset? txStart = transactions.TryGetValue(connectorId, out var tx) ? tx.Start : null;
        var candidates = (txStart is not null ? Ordered(profiles, connectorId, ChargingProfilePurposeType.TxProfile) : [])
            .Concat(Ordered(profiles, connectorId, ChargingProfilePurposeType.TxDefaultProfile))
            .Concat(Ordered(profiles, 0, ChargingProfilePurposeType.TxDefaultProfile));
        foreach (var installed in candidates)
        {
            if (LimitAt(installed.Profile, at, txStart) is not null)
            {
                var start = ScheduleStart(installed.Profile, at, txStart)!.Value;
                return installed.Profile.ChargingSchedule.ChargingSchedulePeriod
                    .Where(p => p.StartPeriod <= (at - start).TotalSeconds).MaxBy(p => p.StartPeriod)?.NumberPhases;
            }
        }
        return null;
    }

    private static IEnumerable<InstalledProfile> Ordered(IReadOnlyList<InstalledProfile> profiles, int connectorId, ChargingProfilePurposeType purpose) =>
        profiles.Where(p => p.ConnectorId == connectorId && p.Profile.ChargingProfilePurpose == purpose).OrderByDescending(p => p.Profile.StackLevel);

    /// <summary>OCPP 1.6 §5.7: the schedule the charger will follow from <paramref name="from"/>, merged from all
    /// profiles, as periods relative to <paramref name="from"/>.</summary>
    public ChargingSchedule CompositeSchedule(int connectorId, DateTimeOffset from, TimeSpan duration, ChargingRateUnitType unit,
        IReadOnlyDictionary<int, (int TransactionId, DateTimeOffset Start)> transactions)
    {
        var end = from + duration;
        var times = new SortedSet<DateTimeOffset> { from };
        foreach (var installed in Profiles)
        {
            foreach (var t in Boundaries(installed, from, end, transactions))
            {
                if (t > from && t < end)
                {
                    times.Add(t);
                }
            }
        }
        var periods = new List<ChargingSchedulePeriod>();
        double? previous = null;
        foreach (var t in times)
        {
            var watts = LimitW(connectorId, t, transactions);
            var limit = unit == ChargingRateUnitType.W ? watts : supply.ToAmps(watts);
            var rounded = Math.Round((decimal)limit, 1, MidpointRounding.ToZero);
            if (previous != (double)rounded)
            {
                periods.Add(new ChargingSchedulePeriod { StartPeriod = (int)(t - from).TotalSeconds, Limit = rounded });
                previous = (double)rounded;
            }
        }
        return new ChargingSchedule
        {
            Duration = (int)duration.TotalSeconds,
            StartSchedule = from,
            ChargingRateUnit = unit,
            ChargingSchedulePeriod = periods,
        };
    }

    private double ConnectorLimitW(IReadOnlyList<InstalledProfile> profiles, int connectorId, DateTimeOffset at,
        IReadOnlyDictionary<int, (int TransactionId, DateTimeOffset Start)> transactions)
    {
        DateTimeOffset? txStart = transactions.TryGetValue(connectorId, out var tx) ? tx.Start : null;
        // §3.13.2: a TxProfile overrides the TxDefaultProfile; a default on the connector overrides one on 0.
        var limit = (txStart is not null ? Winning(profiles, connectorId, ChargingProfilePurposeType.TxProfile, at, txStart) : null)
            ?? Winning(profiles, connectorId, ChargingProfilePurposeType.TxDefaultProfile, at, txStart)
            ?? Winning(profiles, 0, ChargingProfilePurposeType.TxDefaultProfile, at, txStart)
            ?? supply.MaxPowerW;
        return Math.Min(limit, supply.MaxPowerW);
    }

    /// <summary>The limit in W of the highest stack level among valid, running profiles of one purpose.</summary>
    private double? Winning(IReadOnlyList<InstalledProfile> profiles, int connectorId, ChargingProfilePurposeType purpose,
        DateTimeOffset at, DateTimeOffset? transactionStart)
    {
        foreach (var installed in profiles.Where(p => p.ConnectorId == connectorId && p.Profile.ChargingProfilePurpose == purpose)
                     .OrderByDescending(p => p.Profile.StackLevel))
        {
            if (LimitAt(installed.Profile, at, transactionStart) is { } watts)
            {
                return watts;
            }
        }
        return null;
    }

    private double? LimitAt(ChargingProfile profile, DateTimeOffset at, DateTimeOffset? transactionStart)
    {
        // §7.8: validFrom absent = valid now; validTo absent = until replaced.
        if ((profile.ValidFrom is { } from && at < from) || (profile.ValidTo is { } to && at >= to))
        {
            return null;
        }
        if (ScheduleStart(profile, at, transactionStart) is not { } start)
        {
            return null;
        }
        var schedule = profile.ChargingSchedule;
        var elapsed = (at - start).TotalSeconds;
        if (elapsed < 0 || (schedule.Duration is { } duration && elapsed >= duration))
        {
            return null;
        }
        var period = schedule.ChargingSchedulePeriod.Where(p => p.StartPeriod <= elapsed).MaxBy(p => p.StartPeriod);
        if (period is null)
        {
            return null;
        }
        return schedule.ChargingRateUnit == ChargingRateUnitType.W
            ? (double)period.Limit
            : supply.ToWatts((double)period.Limit, period.NumberPhases);
    }

    private static DateTimeOffset? ScheduleStart(ChargingProfile profile, DateTimeOffset at, DateTimeOffset? transactionStart)
    {
        var schedule = profile.ChargingSchedule;
        switch (profile.ChargingProfileKind)
        {
            case ChargingProfileKindType.Relative:
                return transactionStart ?? at;
            case ChargingProfileKindType.Recurring:
                var anchor = schedule.StartSchedule ?? profile.ValidFrom ?? at;
                var cycle = profile.RecurrencyKind == RecurrencyKindType.Weekly ? TimeSpan.FromDays(7) : TimeSpan.FromDays(1);
                if (at < anchor)
                {
                    return anchor;
                }
                return anchor + (cycle * Math.Floor((at - anchor) / cycle));
            default:
                return schedule.StartSchedule ?? transactionStart ?? profile.ValidFrom;
        }
    }

    private static IEnumerable<DateTimeOffset> Boundaries(InstalledProfile installed, DateTimeOffset from, DateTimeOffset end,
        IReadOnlyDictionary<int, (int TransactionId, DateTimeOffset Start)> transactions)
    {
        var profile = installed.Profile;
        if (profile.ValidFrom is { } validFrom)
        {
            yield return validFrom;
        }
        if (profile.ValidTo is { } validTo)
        {
            yield return validTo;
        }
        DateTimeOffset? txStart = transactions.TryGetValue(installed.ConnectorId, out var tx) ? tx.Start : null;
        var starts = new List<DateTimeOffset>();
        for (var t = from; t <= end; t += TimeSpan.FromDays(1))
        {
            if (ScheduleStart(profile, t, txStart) is { } s && !starts.Contains(s))
            {
                starts.Add(s);
            }
        }
        foreach (var start in starts)
        {
            foreach (var period in profile.ChargingSchedule.ChargingSchedulePeriod)
            {
                yield return start.AddSeconds(period.StartPeriod);
            }
            if (profile.ChargingSchedule.Duration is { } duration)
            {
                yield return start.AddSeconds(duration);
            }
        }
    }
}
