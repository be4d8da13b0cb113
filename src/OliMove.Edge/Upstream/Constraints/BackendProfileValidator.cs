using OliMove.Ocpp.Messages;
using OliMove.SiteMap.Model;
using OliMove.Storage;

namespace OliMove.Edge.Upstream.Constraints;

/// <summary>
/// What OCPP 1.6 forbids in a SetChargingProfile (§3.13, §5.16, §7.8–§7.14), and what the edge cannot honour
/// as a limit. Each rule gives the reason the backend's profile is Rejected; nothing is stored then.
/// </summary>
public static class BackendProfileValidator
{
    /// <summary>More periods than any charger accepts (ChargingScheduleMaxPeriods is typically 24–96).</summary>
    public const int MaxPeriods = 1024;

    /// <summary>
    /// Null when the profile may be stored; else why not. <paramref name="transaction"/> is the edge's transaction
    /// the TxProfile names (null when there is none).
    /// </summary>
    public static string? Rejection(ChargePointDefinition? chargePoint, SetChargingProfileRequest request, TransactionRecord? transaction)
    {
        if (chargePoint is null)
        {
            return "unknown charge point";
        }

        var profile = request.CsChargingProfiles;
        var connectorId = request.ConnectorId;
        if (connectorId < 0 || (connectorId > 0 && chargePoint.Connectors.All(c => c.ConnectorId != connectorId)))
        {
            return $"connector {connectorId} does not exist on {chargePoint.ChargePointId}";
        }

        if (profile.StackLevel < 0)
        {
            return "stackLevel is negative";
        }

        switch (profile.ChargingProfilePurpose)
        {
            case ChargingProfilePurposeType.ChargePointMaxProfile when connectorId != 0:
                return "a ChargePointMaxProfile can only be set on connectorId 0 (OCPP 1.6 §3.13.1)";
            case ChargingProfilePurposeType.ChargePointMaxProfile when profile.ChargingProfileKind == ChargingProfileKindType.Relative:
                return "a ChargePointMaxProfile cannot be Relative: it has no transaction to start from";
            case ChargingProfilePurposeType.ChargePointMaxProfile when profile.ChargingProfileKind == ChargingProfileKindType.Absolute && profile.ChargingSchedule.StartSchedule is null:
                return "an Absolute ChargePointMaxProfile needs startSchedule";
            case ChargingProfilePurposeType.TxProfile when connectorId == 0:
                return "a TxProfile can only be set on a connector > 0 (OCPP 1.6 §3.13.1)";
            case ChargingProfilePurposeType.TxProfile when profile.TransactionId is null:
                return "a TxProfile needs the transactionId of the transaction on the connector";
            case ChargingProfilePurposeType.TxProfile when transaction is not { IsActive: true } || transaction.ChargePointId != chargePoint.ChargePointId || transaction.ConnectorId != connectorId:
                return $"no active transaction {profile.TransactionId} on connector {connectorId} (OCPP 1.6 §3.13.1)";
            case not ChargingProfilePurposeType.TxProfile when profile.TransactionId is not null:
                return "transactionId is only valid for a TxProfile (OCPP 1.6 §7.8)";
        }

        var kindProblem = profile.ChargingProfileKind switch
        {
            ChargingProfileKindType.Recurring when profile.RecurrencyKind is null => "a Recurring profile needs recurrencyKind",
            ChargingProfileKindType.Recurring when profile.ChargingSchedule.StartSchedule is null => "a Recurring profile needs startSchedule to recur from",
            not ChargingProfileKindType.Recurring when profile.RecurrencyKind is not null => "recurrencyKind is only valid for a Recurring profile",
            ChargingProfileKindType.Relative when profile.ChargingSchedule.StartSchedule is not null => "a Relative profile has no startSchedule",
            _ => null,
        };
        if (kindProblem is not null)
        {
            return kindProblem;
        }

        if (profile.ValidFrom is { } from && profile.ValidTo is { } to && to <= from)
        {
            return "validTo is not after validFrom";
        }

        return ScheduleRejection(profile.ChargingSchedule, profile);
    }

    private static string? ScheduleRejection(ChargingSchedule schedule, ChargingProfile profile)
    {
        var periods = schedule.ChargingSchedulePeriod;
        if (periods is null || periods.Count == 0)
        {
            return "the schedule has no period";
        }

        if (periods.Count > MaxPeriods)
        {
            return $"the schedule has more than {MaxPeriods} periods";
        }

        if (schedule.Duration is <= 0)
        {
            return "duration must be positive";
        }

        if (profile.ChargingProfileKind == ChargingProfileKindType.Recurring
            && schedule.Duration is { } duration
            && duration > (profile.RecurrencyKind == RecurrencyKindType.Weekly ? 7 * 86_400 : 86_400))
        {
            return "duration is longer than the recurrence";
        }

        for (var i = 0; i < periods.Count; i++)
        {
            var period = periods[i];
            if (i == 0 && period.StartPeriod != 0)
            {
                return "the first period must start at 0 (OCPP 1.6 §7.13)";
            }

            if (i > 0 && period.StartPeriod <= periods[i - 1].StartPeriod)
            {
                return "period starts must increase";
            }

            if (period.Limit < 0)
            {
                return "a limit is negative";
            }

            if (period.NumberPhases is { } phases && phases is < 1 or > 3)
            {
                return "numberPhases must be 1, 2 or 3";
            }
        }

        return null;
    }
}
