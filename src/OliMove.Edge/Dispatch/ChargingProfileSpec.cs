namespace OliMove.Edge.Dispatch;

/// <summary>
/// A charging profile in our terms, before it becomes an OCPP SetChargingProfile payload. Values are exactly
/// what goes on the wire: limits already rounded down to 0.1, periods relative to <see cref="StartSchedule"/>.
/// </summary>
public sealed record ChargingProfileSpec(
    int ConnectorId,
    int ChargingProfileId,
    int StackLevel,
    ProfilePurpose Purpose,
    int? TransactionId,
    DateTimeOffset ValidFrom,
    DateTimeOffset ValidTo,
    DateTimeOffset StartSchedule,
    int DurationSeconds,
    ProfileRateUnit Unit,
    IReadOnlyList<ProfilePeriod> Periods)
{
    public DateTimeOffset End => StartSchedule + TimeSpan.FromSeconds(DurationSeconds);

    /// <summary>Equal in every field and period (the record's own equality compares the period lists by reference).</summary>
    public bool SameProfileAs(ChargingProfileSpec other) =>
        this == other with { Periods = Periods } && Periods.SequenceEqual(other.Periods);

    /// <summary>The limit in force at <paramref name="at"/>, or null outside the schedule.</summary>
    public (decimal Limit, int? Phases)? LimitAt(DateTimeOffset at)
    {
        if (at < StartSchedule || at >= End)
        {
            return null;
        }

        var offset = (at - StartSchedule).TotalSeconds;
        ProfilePeriod? current = null;
        foreach (var p in Periods)
        {
            if (p.StartPeriodSeconds > offset)
            {
                break;
            }

            current = p;
        }

        return current is null ? null : (current.Limit, current.NumberPhases);
    }

    /// <summary>The instants at or after <paramref name="from"/> where this schedule's limit may change.</summary>
    public IEnumerable<DateTimeOffset> BreakpointsFrom(DateTimeOffset from) =>
        Periods.Select(p => StartSchedule + TimeSpan.FromSeconds(p.StartPeriodSeconds))
            .Append(End)
            .Where(t => t >= from);
}
