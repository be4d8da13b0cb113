using OliMove.Ocpp.Messages;

namespace OliMove.Edge.Upstream.Constraints;

/// <summary>
/// Evaluates OCPP 1.6 charging profiles at a point in time and composes them the way a charger does (§3.13):
/// within a purpose the highest stack level whose schedule is defined at that time prevails; the charger-wide
/// ChargePointMaxProfile and the connector's TxProfile (else TxDefaultProfile) are then combined by taking the
/// minimum. Pure: no clock, no I/O.
/// </summary>
public static class BackendScheduleEvaluator
{
    private static readonly TimeSpan Day = TimeSpan.FromDays(1);

    /// <summary>
    /// The limit of <paramref name="profile"/> at <paramref name="at"/> in W, or null where it does not apply
    /// (outside validFrom/validTo, before its start, after its duration). <paramref name="sessionStart"/> is the start
    /// of charging that a Relative schedule (or one without startSchedule) counts from; without it such a schedule
    /// does not apply.
    /// </summary>
    public static BackendLimitW? LimitAt(ChargingProfile profile, DateTimeOffset at, DateTimeOffset? sessionStart, decimal phaseVoltageV)
    {
        if ((profile.ValidFrom is { } from && at < from) || (profile.ValidTo is { } to && at >= to))
        {
            return null;
        }

        if (ScheduleStart(profile, at, sessionStart) is not { } start)
        {
            return null;
        }

        var schedule = profile.ChargingSchedule;
        var offset = (at - start).TotalSeconds;
        if (offset < 0 || (schedule.Duration is { } duration && offset >= duration))
        {
            return null;
        }

        ChargingSchedulePeriod? current = null;
        foreach (var period in schedule.ChargingSchedulePeriod)
        {
            if (period.StartPeriod <= offset)
            {
                current = period;
            }
        }

        return current is null ? null : ToWatts(schedule.ChargingRateUnit, current, phaseVoltageV);
    }

    /// <summary>A schedule period's limit in W: in A it is per phase, over numberPhases (default 3, OCPP 1.6 §7.14).</summary>
    public static BackendLimitW ToWatts(ChargingRateUnitType unit, ChargingSchedulePeriod period, decimal phaseVoltageV)
    {
        if (unit == ChargingRateUnitType.W)
        {
            return new BackendLimitW(Floor(period.Limit), null);
        }

        var phaseW = period.Limit * phaseVoltageV;
        return new BackendLimitW(Floor(phaseW * (period.NumberPhases ?? 3)), Floor(phaseW));
    }

    /// <summary>The prevailing profile's limit at <paramref name="at"/>: the highest stack level that applies then.</summary>
    public static BackendLimitW? Prevailing(IEnumerable<ChargingProfile> stack, DateTimeOffset at, DateTimeOffset? sessionStart, decimal phaseVoltageV)
    {
        foreach (var profile in stack.OrderByDescending(p => p.StackLevel))
        {
            if (LimitAt(profile, at, sessionStart, phaseVoltageV) is { } limit)
            {
                return limit;
            }
        }

        return null;
    }

    /// <summary>
    /// The instants in (<paramref name="from"/>, <paramref name="to"/>) where <paramref name="profile"/>'s limit may
    /// change: validity bounds, period starts and the schedule's end, for each recurrence in the window.
    /// </summary>
    public static IEnumerable<DateTimeOffset> ChangesWithin(ChargingProfile profile, DateTimeOffset from, DateTimeOffset to, DateTimeOffset? sessionStart)
    {
        var points = new List<DateTimeOffset>();
        if (profile.ValidFrom is { } validFrom)
        {
            points.Add(validFrom);
        }

        if (profile.ValidTo is { } validTo)
        {
            points.Add(validTo);
        }

        var schedule = profile.ChargingSchedule;
        foreach (var start in OccurrencesBetween(profile, from, to, sessionStart))
        {
            points.AddRange(schedule.ChargingSchedulePeriod.Select(p => start.AddSeconds(p.StartPeriod)));
            if (schedule.Duration is { } duration)
            {
                points.Add(start.AddSeconds(duration));
            }
        }

        return points.Where(p => p > from && p < to);
    }

    /// <summary>Where the schedule in force at <paramref name="at"/> started; null when it has no start yet.</summary>
    private static DateTimeOffset? ScheduleStart(ChargingProfile profile, DateTimeOffset at, DateTimeOffset? sessionStart)
    {
        var anchor = profile.ChargingProfileKind == ChargingProfileKindType.Relative
            ? sessionStart
            : profile.ChargingSchedule.StartSchedule ?? sessionStart;
        if (anchor is not { } start || profile.ChargingProfileKind != ChargingProfileKindType.Recurring)
        {
            return anchor;
        }

        var period = RecurrencePeriod(profile);
        if (at < start)
        {
            return start; // not begun yet: the offset is negative, nothing applies
        }

        return start + (period * Math.Floor((at - start) / period));
    }

    private static IEnumerable<DateTimeOffset> OccurrencesBetween(ChargingProfile profile, DateTimeOffset from, DateTimeOffset to, DateTimeOffset? sessionStart)
    {
        var first = ScheduleStart(profile, from, sessionStart);
        if (first is not { } start)
        {
            yield break;
        }

        if (profile.ChargingProfileKind != ChargingProfileKindType.Recurring)
        {
            yield return start;
            yield break;
        }

        var period = RecurrencePeriod(profile);
        for (var s = start; s < to; s += period)
        {
            yield return s;
        }
    }

    private static TimeSpan RecurrencePeriod(ChargingProfile profile) =>
        profile.RecurrencyKind == RecurrencyKindType.Weekly ? 7 * Day : Day;

    private static long Floor(decimal watts) => watts <= 0 ? 0 : (long)Math.Min(decimal.Floor(watts), 1_000_000_000m);
}
