namespace OliMove.Edge.Dispatch;

/// <summary>
/// Turns planned watts into charging profiles a charge point can follow on its own.
/// Rules kept here (OCPP 1.6 §3.13, §7.13 and the errata):
/// - limits are rounded DOWN to 0.1 (the schema's multipleOf) so rounding never lifts a value over a limit;
/// - the first period starts at 0 and startSchedule is the plan's slot start, at or before now, so the
///   replacement leaves no gap where the default would apply;
/// - Absolute profiles carry validFrom, validTo, startSchedule and duration (OCA test case TC_057_CSMS);
/// - when the charge point takes fewer periods than the plan has, the schedule ends where the periods end,
///   so the charger falls back to its fail-safe default rather than holding the last value for too long.
/// What the watts are (the plan's, capped at the fail-safe share after the full-plan slots, decision 0002) is
/// dispatch planning's (<see cref="PlanDispatcher"/>).
/// </summary>
public static class ChargingProfileBuilder
{
    public static ChargingProfileSpec BuildTxProfile(TxPlanTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (target.PlannedW.Count == 0)
        {
            throw new ArgumentException("a plan needs at least one slot", nameof(target));
        }

        if (target.MaxPeriods < 1)
        {
            throw new ArgumentException("a charge point takes at least one period", nameof(target));
        }

        var slotSeconds = (int)target.SlotLength.TotalSeconds;
        var skew = (int)target.ClockSkewAllowance.TotalSeconds;
        var periods = new List<ProfilePeriod>();
        var coveredSlots = target.PlannedW.Count;
        for (var slot = 0; slot < target.PlannedW.Count; slot++)
        {
            var limit = ToLimit(target.PlannedW[slot], target.Unit, target.Phases, target.PhaseVoltageV);
            if (periods.Count > 0 && periods[^1].Limit == limit)
            {
                continue;
            }

            if (periods.Count == target.MaxPeriods)
            {
                coveredSlots = slot;
                break;
            }

            periods.Add(new ProfilePeriod(slot == 0 ? 0 : skew + (slot * slotSeconds), limit, target.Phases));
        }

        var duration = coveredSlots * slotSeconds;
        var start = target.PlanStart.AddSeconds(-skew);
        return new ChargingProfileSpec(
            target.ConnectorId,
            target.ChargingProfileId,
            target.StackLevel,
            ProfilePurpose.TxProfile,
            target.TransactionId,
            ValidFrom: start,
            ValidTo: target.PlanStart.AddSeconds(duration),
            StartSchedule: start,
            DurationSeconds: skew + duration,
            target.Unit,
            periods);
    }

    /// <summary>A constant profile (fail-safe default or max profile) from <paramref name="from"/> on, for a long time.</summary>
    public static ChargingProfileSpec BuildConstant(
        ProfilePurpose purpose, int connectorId, int chargingProfileId, int stackLevel, long powerW, ProfileRateUnit unit, int phases, decimal phaseVoltageV, DateTimeOffset from, TimeSpan validity)
    {
        if (purpose == ProfilePurpose.TxProfile)
        {
            throw new ArgumentException("a TxProfile needs a transaction and a plan", nameof(purpose));
        }

        var limit = ToLimit(powerW, unit, phases, phaseVoltageV);
        var seconds = (int)validity.TotalSeconds;
        return new ChargingProfileSpec(
            connectorId, chargingProfileId, stackLevel, purpose, TransactionId: null,
            ValidFrom: from, ValidTo: from.AddSeconds(seconds), StartSchedule: from, DurationSeconds: seconds,
            unit, [new ProfilePeriod(0, limit, phases)]);
    }

    /// <summary>
    /// A connector's fail-safe default for the plan's uncapped window: <paramref name="windowW"/> per slot from
    /// <paramref name="planStart"/>, then <paramref name="staticW"/> for a long time (WindowDefaultsCalculator). A
    /// charger that takes too few periods gets the lowest of all values, constant: lower is always safe. The
    /// schedule reaches <paramref name="clockSkewAllowance"/> back at the first slot's value: a charger whose clock
    /// runs behind ours must never find itself before the start of its only default, i.e. without any limit.
    /// </summary>
    public static ChargingProfileSpec BuildWindowDefault(
        int connectorId, int chargingProfileId, int stackLevel, IReadOnlyList<long> windowW, long staticW, ProfileRateUnit unit, int phases,
        decimal phaseVoltageV, DateTimeOffset planStart, TimeSpan slotLength, int maxPeriods, TimeSpan validity, TimeSpan clockSkewAllowance = default)
    {
        ArgumentNullException.ThrowIfNull(windowW);
        var slotSeconds = (int)slotLength.TotalSeconds;
        var skew = (int)clockSkewAllowance.TotalSeconds;
        var periods = new List<ProfilePeriod>();
        foreach (var (watts, slot) in windowW.Append(staticW).Select((w, i) => (w, i)))
        {
            var limit = ToLimit(watts, unit, phases, phaseVoltageV);
            if (periods.Count == 0 || periods[^1].Limit != limit)
            {
                periods.Add(new ProfilePeriod(slot == 0 ? 0 : skew + (slot * slotSeconds), limit, phases));
            }
        }

        planStart = planStart.AddSeconds(-skew);

        if (periods.Count > Math.Max(1, maxPeriods))
        {
            periods = [new ProfilePeriod(0, periods.Min(p => p.Limit), phases)];
        }

        var seconds = (int)validity.TotalSeconds;
        return new ChargingProfileSpec(
            connectorId, chargingProfileId, stackLevel, ProfilePurpose.TxDefaultProfile, TransactionId: null,
            ValidFrom: planStart, ValidTo: planStart.AddSeconds(seconds), StartSchedule: planStart, DurationSeconds: seconds,
            unit, periods);
    }

    /// <summary>Watts to the charge point's unit, rounded down to 0.1 (never up over the planned power).</summary>
    public static decimal ToLimit(long powerW, ProfileRateUnit unit, int phases, decimal phaseVoltageV)
    {
        if (powerW < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(powerW), powerW, "planned power cannot be negative");
        }

        if (phases is not (1 or 3))
        {
            throw new ArgumentOutOfRangeException(nameof(phases), phases, "a connector uses 1 or 3 phases");
        }

        var value = unit == ProfileRateUnit.W ? powerW : powerW / (phaseVoltageV * phases);
        return decimal.Floor(value * 10m) / 10m;
    }
}
