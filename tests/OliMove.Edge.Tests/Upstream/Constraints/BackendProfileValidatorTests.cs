using OliMove.Edge.Upstream.Constraints;
using OliMove.Ocpp.Messages;
using OliMove.Storage;
using static OliMove.Edge.Tests.Upstream.Constraints.BackendProfiles;

namespace OliMove.Edge.Tests.Upstream.Constraints;

/// <summary>What OCPP 1.6 forbids in a backend's SetChargingProfile is Rejected; what it allows is stored.</summary>
public class BackendProfileValidatorTests
{
    private static readonly TransactionRecord OpenTx = new(42, "CP-1", 1, "TAG", 0, T0, null, null, null);

    private static string? Check(int connectorId, ChargingProfile profile, TransactionRecord? tx = null) =>
        BackendProfileValidator.Rejection(Charger(), new SetChargingProfileRequest { ConnectorId = connectorId, CsChargingProfiles = profile }, tx);

    [Fact]
    public void Accepts_the_three_purposes_where_the_spec_allows_them()
    {
        Check(0, MaxW(6000)).Should().BeNull();
        Check(0, Profile(ChargingProfilePurposeType.TxDefaultProfile, 16, unit: ChargingRateUnitType.A)).Should().BeNull();
        Check(2, Profile(ChargingProfilePurposeType.TxDefaultProfile, 16, kind: ChargingProfileKindType.Relative)).Should().BeNull();
        Check(1, Profile(ChargingProfilePurposeType.TxProfile, 7000, transactionId: 42), OpenTx).Should().BeNull();
        Check(0, Profile(ChargingProfilePurposeType.ChargePointMaxProfile, 8000, kind: ChargingProfileKindType.Recurring, recurrency: RecurrencyKindType.Daily, duration: 3600)).Should().BeNull();
    }

    [Fact]
    public void Rejects_a_ChargePointMaxProfile_on_a_connector()
    {
        Check(1, MaxW(6000)).Should().Contain("connectorId 0");
    }

    [Fact]
    public void Rejects_a_relative_ChargePointMaxProfile()
    {
        Check(0, Profile(ChargingProfilePurposeType.ChargePointMaxProfile, 6000, kind: ChargingProfileKindType.Relative)).Should().Contain("Relative");
    }

    [Fact]
    public void Rejects_TxProfile_without_transaction()
    {
        Check(1, Profile(ChargingProfilePurposeType.TxProfile, 7000), OpenTx).Should().Contain("transactionId");
        Check(1, Profile(ChargingProfilePurposeType.TxProfile, 7000, transactionId: 42)).Should().Contain("no active transaction");
        Check(1, Profile(ChargingProfilePurposeType.TxProfile, 7000, transactionId: 42), OpenTx with { StoppedAt = T0.AddHours(1) })
            .Should().Contain("no active transaction", "the transaction has ended");
        Check(2, Profile(ChargingProfilePurposeType.TxProfile, 7000, transactionId: 42), OpenTx).Should().Contain("no active transaction", "it runs on connector 1");
        Check(0, Profile(ChargingProfilePurposeType.TxProfile, 7000, transactionId: 42), OpenTx).Should().Contain("connector > 0");
    }

    [Fact]
    public void Rejects_a_transactionId_on_a_default_or_maximum()
    {
        Check(1, Profile(ChargingProfilePurposeType.TxDefaultProfile, 7000, transactionId: 42), OpenTx).Should().Contain("only valid for a TxProfile");
    }

    [Fact]
    public void Rejects_unknown_chargers_and_connectors()
    {
        BackendProfileValidator.Rejection(null, new SetChargingProfileRequest { ConnectorId = 0, CsChargingProfiles = MaxW(1) }, null).Should().Contain("unknown");
        Check(3, Profile(ChargingProfilePurposeType.TxDefaultProfile, 7000)).Should().Contain("does not exist");
        Check(-1, Profile(ChargingProfilePurposeType.TxDefaultProfile, 7000)).Should().Contain("does not exist");
    }

    [Fact]
    public void Rejects_recurrence_and_kind_mismatches()
    {
        Check(0, Profile(ChargingProfilePurposeType.TxDefaultProfile, 1, kind: ChargingProfileKindType.Recurring)).Should().Contain("recurrencyKind");
        Check(0, Profile(ChargingProfilePurposeType.TxDefaultProfile, 1, recurrency: RecurrencyKindType.Daily)).Should().Contain("only valid for a Recurring");
        Check(0, Profile(ChargingProfilePurposeType.TxDefaultProfile, 1, kind: ChargingProfileKindType.Recurring, recurrency: RecurrencyKindType.Daily, duration: 90_000))
            .Should().Contain("longer than the recurrence");
        var relativeWithStart = Profile(ChargingProfilePurposeType.TxDefaultProfile, 1, kind: ChargingProfileKindType.Relative);
        Check(0, relativeWithStart with { ChargingSchedule = relativeWithStart.ChargingSchedule with { StartSchedule = T0 } }).Should().Contain("no startSchedule");
    }

    [Fact]
    public void Rejects_malformed_schedules()
    {
        Check(0, MaxW(-1)).Should().Contain("negative");
        Check(0, Profile(ChargingProfilePurposeType.ChargePointMaxProfile, 0, periods: [])).Should().Contain("no period");
        Check(0, Profile(ChargingProfilePurposeType.ChargePointMaxProfile, 0, periods: [new() { StartPeriod = 60, Limit = 1 }])).Should().Contain("start at 0");
        Check(0, Profile(ChargingProfilePurposeType.ChargePointMaxProfile, 0, periods: [new() { StartPeriod = 0, Limit = 1 }, new() { StartPeriod = 0, Limit = 2 }]))
            .Should().Contain("increase");
        Check(0, Profile(ChargingProfilePurposeType.ChargePointMaxProfile, 10, unit: ChargingRateUnitType.A, numberPhases: 4)).Should().Contain("numberPhases");
        Check(0, Profile(ChargingProfilePurposeType.ChargePointMaxProfile, 10, duration: 0)).Should().Contain("duration");
        Check(0, Profile(ChargingProfilePurposeType.ChargePointMaxProfile, 10, validFrom: T0, validTo: T0)).Should().Contain("validTo");
        Check(0, MaxW(6000) with { StackLevel = -1 }).Should().Contain("stackLevel");
    }
}
