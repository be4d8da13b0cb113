using OliMove.Ocpp.Messages;
using OliMove.SiteMap.Model;

namespace OliMove.Edge.Tests.Upstream.Constraints;

/// <summary>Builders of backend charging profiles and a small charger for the constraint tests.</summary>
internal static class BackendProfiles
{
    public static readonly DateTimeOffset T0 = new(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);

    public static ChargePointDefinition Charger(string id = "CP-1", string circuit = "cabinet", int connectors = 2, int phases = 3) =>
        new(id, circuit, null, ChargingRateUnit.W, [.. Enumerable.Range(1, connectors).Select(c =>
            new ConnectorDefinition(c, $"E-{id}-{c}", ConnectionType.Type2, phases == 3 ? 22_000 : 7_360, phases, phases == 3 ? null : PhaseConductor.L1, 6, 32))]);

    public static ChargingProfile Profile(
        ChargingProfilePurposeType purpose, decimal limit, int id = 1, int stackLevel = 0, ChargingRateUnitType unit = ChargingRateUnitType.W,
        ChargingProfileKindType kind = ChargingProfileKindType.Absolute, DateTimeOffset? start = null, int? duration = null, int? transactionId = null,
        RecurrencyKindType? recurrency = null, DateTimeOffset? validFrom = null, DateTimeOffset? validTo = null, int? numberPhases = null,
        IReadOnlyList<ChargingSchedulePeriod>? periods = null) => new()
        {
            ChargingProfileId = id,
            StackLevel = stackLevel,
            ChargingProfilePurpose = purpose,
            ChargingProfileKind = kind,
            TransactionId = transactionId,
            RecurrencyKind = recurrency,
            ValidFrom = validFrom,
            ValidTo = validTo,
            ChargingSchedule = new ChargingSchedule
            {
                ChargingRateUnit = unit,
                StartSchedule = kind == ChargingProfileKindType.Relative ? null : start ?? T0.AddHours(-1),
                Duration = duration,
                ChargingSchedulePeriod = periods ?? [new ChargingSchedulePeriod { StartPeriod = 0, Limit = limit, NumberPhases = numberPhases }],
            },
        };

    public static ChargingProfile MaxW(decimal watts, int id = 1, int stackLevel = 0) =>
        Profile(ChargingProfilePurposeType.ChargePointMaxProfile, watts, id, stackLevel);
}
