using OliMove.Ocpp.Messages;

namespace OliMove.Edge.Dispatch;

/// <summary>Our profile spec as an OCPP 1.6 SetChargingProfile.req (§5.16, §7.13).</summary>
public static class OcppProfileMapper
{
    public static SetChargingProfileRequest ToRequest(ChargingProfileSpec spec) => new()
    {
        ConnectorId = spec.ConnectorId,
        CsChargingProfiles = new ChargingProfile
        {
            ChargingProfileId = spec.ChargingProfileId,
            TransactionId = spec.TransactionId,
            StackLevel = spec.StackLevel,
            ChargingProfilePurpose = spec.Purpose switch
            {
                ProfilePurpose.ChargePointMaxProfile => ChargingProfilePurposeType.ChargePointMaxProfile,
                ProfilePurpose.TxDefaultProfile => ChargingProfilePurposeType.TxDefaultProfile,
                _ => ChargingProfilePurposeType.TxProfile,
            },
            // Absolute, with validFrom/validTo/startSchedule/duration all present (OCA TC_057_CSMS);
            // recurrencyKind omitted.
            ChargingProfileKind = ChargingProfileKindType.Absolute,
            ValidFrom = spec.ValidFrom,
            ValidTo = spec.ValidTo,
            ChargingSchedule = new ChargingSchedule
            {
                Duration = spec.DurationSeconds,
                StartSchedule = spec.StartSchedule,
                ChargingRateUnit = spec.Unit == ProfileRateUnit.A ? ChargingRateUnitType.A : ChargingRateUnitType.W,
                ChargingSchedulePeriod = spec.Periods
                    .Select(p => new ChargingSchedulePeriod { StartPeriod = p.StartPeriodSeconds, Limit = p.Limit, NumberPhases = p.NumberPhases })
                    .ToList(),
            },
        },
    };
}
