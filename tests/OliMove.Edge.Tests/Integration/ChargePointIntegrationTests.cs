using OliMove.Edge.Testing;
using OliMove.Ocpp.Messages;
using OliMove.Storage;
using OliMove.Tools.CpSimulator;

namespace OliMove.Edge.Tests.Integration;

/// <summary>The real service over real WebSockets with simulated charge points, on the demo site map.</summary>
public class ChargePointIntegrationTests
{
    private static SimulatedChargePoint ChargePoint(EdgeTestHost host, string id, string? key = null, int connectors = 1, string units = "Current,Power") =>
        new(new SimulatedChargePointOptions
        {
            ChargePointId = id,
            CentralSystem = new Uri(host.OcppUri.ToString().TrimEnd('/')),
            AuthorizationKey = key ?? $"demo-key-{id}",
            ConnectorCount = connectors,
            AllowedChargingRateUnits = units,
            CallTimeout = TimeSpan.FromSeconds(5),
        });

    [Fact]
    public async Task A_booted_charge_point_gets_a_fail_safe_default_within_its_share_of_the_cabinet()
    {
        await using var host = await EdgeTestHost.StartAsync();
        await using var cp = ChargePoint(host, "OLI-DEMO-01");
        await cp.ConnectAsync();
        (await cp.BootAsync()).Status.Should().Be(RegistrationStatus.Accepted);

        await Poll.UntilAsync(() => cp.Profiles.Profiles.Any(p => p.Profile.ChargingProfilePurpose == ChargingProfilePurposeType.TxDefaultProfile), "a TxDefaultProfile is installed");

        var defaults = cp.Profiles.Profiles.Single(p => p.Profile.ChargingProfilePurpose == ChargingProfilePurposeType.TxDefaultProfile);
        // Cabinet A: 125 A per phase shared by 7 connectors (carport: 63 A by 2) → at most 17.8 A per phase each.
        defaults.Profile.ChargingSchedule.ChargingRateUnit.Should().Be(ChargingRateUnitType.A);
        defaults.Profile.ChargingSchedule.ChargingSchedulePeriod.Single().Limit.Should().BeLessThanOrEqualTo(125m / 7);
        defaults.Profile.ChargingSchedule.ChargingSchedulePeriod.Single().Limit.Should().BeGreaterThanOrEqualTo(6m);
    }

    [Fact]
    public async Task A_started_transaction_is_stored_before_the_reply_and_gets_a_TxProfile_with_its_id()
    {
        await using var host = await EdgeTestHost.StartAsync();
        await using var cp = ChargePoint(host, "OLI-DEMO-03");
        await cp.ConnectAsync();
        await cp.BootAsync();

        await cp.StartTransactionAsync(1, "TAG-0001", new FixedLimitCar(11_000));
        var transactionId = cp.TransactionIdOn(1)!.Value;

        var stored = await host.Get<TransactionRepository>().GetAsync(transactionId);
        stored.Should().NotBeNull();
        stored!.ChargePointId.Should().Be("OLI-DEMO-03");
        await Poll.UntilAsync(() => cp.Profiles.Profiles.Any(p => p.Profile.ChargingProfilePurpose == ChargingProfilePurposeType.TxProfile), "a TxProfile is installed");
        var tx = cp.Profiles.Profiles.Single(p => p.Profile.ChargingProfilePurpose == ChargingProfilePurposeType.TxProfile).Profile;
        tx.TransactionId.Should().Be(transactionId);
        tx.ChargingSchedule.ChargingSchedulePeriod[0].StartPeriod.Should().Be(0);
        tx.ChargingSchedule.StartSchedule.Should().BeOnOrBefore(DateTimeOffset.UtcNow);
        // A non-participant charges as soon as possible: the connector's full 11 kW now, which is 15.94 A per
        // phase at 230 V, sent rounded down (16 A would be 11,040 W, above the rating).
        tx.ChargingSchedule.ChargingSchedulePeriod[0].Limit.Should().Be(15.9m);
    }

    [Fact]
    public async Task A_charge_point_with_a_wrong_key_is_refused()
    {
        await using var host = await EdgeTestHost.StartAsync();
        await using var cp = ChargePoint(host, "OLI-DEMO-01", key: "not-the-right-key-000");

        var connect = () => cp.ConnectAsync();

        await connect.Should().ThrowAsync<Exception>();
    }

    [Fact]
    public async Task A_stopped_transaction_is_settled_with_its_metered_energy()
    {
        await using var host = await EdgeTestHost.StartAsync();
        await using var cp = ChargePoint(host, "OLI-DEMO-03");
        await cp.ConnectAsync();
        await cp.BootAsync();
        await cp.StartTransactionAsync(1, "TAG-0002", new FixedLimitCar(11_000));
        var transactionId = cp.TransactionIdOn(1)!.Value;

        await cp.StopTransactionAsync(1);

        var settlements = host.Get<SessionSettlementRepository>();
        await Poll.UntilAsync(() => settlements.GetAsync(transactionId).GetAwaiter().GetResult() is not null, "the session is settled");
        var stored = await host.Get<TransactionRepository>().GetAsync(transactionId);
        stored!.StoppedAt.Should().NotBeNull();
    }

    [Fact]
    public async Task A_charger_whose_composite_schedule_exceeds_the_plan_is_flagged()
    {
        await using var host = await EdgeTestHost.StartAsync();
        await using var cp = ChargePoint(host, "OLI-DEMO-03");
        await cp.ConnectAsync();
        await cp.BootAsync();
        await cp.StartTransactionAsync(1, "TAG-0003", new FixedLimitCar(11_000));
        var transactionId = cp.TransactionIdOn(1)!.Value;
        await Poll.UntilAsync(() => cp.Profiles.Profiles.Any(p => p.Profile.ChargingProfilePurpose == ChargingProfilePurposeType.TxProfile), "our TxProfile is installed");
        var live = host.Get<OliMove.Edge.Live.LiveSiteState>();
        live.Connector("OLI-DEMO-03", 1).ProfileProblem.Should().BeNull("the charger follows the plan");

        // Someone else's profile at a higher stack level overrides ours on the charger.
        cp.Profiles.Install(1, new ChargingProfile
        {
            ChargingProfileId = 9999,
            TransactionId = transactionId,
            StackLevel = 7,
            ChargingProfilePurpose = ChargingProfilePurposeType.TxProfile,
            ChargingProfileKind = ChargingProfileKindType.Absolute,
            ChargingSchedule = new ChargingSchedule
            {
                StartSchedule = DateTimeOffset.UtcNow.AddMinutes(-1),
                ChargingRateUnit = ChargingRateUnitType.A,
                ChargingSchedulePeriod = [new ChargingSchedulePeriod { StartPeriod = 0, Limit = 32m }],
            },
        }, transactionId);
        host.Get<OliMove.Edge.Dispatch.InstalledProfiles>().ForgetTxProfiles("OLI-DEMO-03");
        host.Get<OliMove.Edge.Planning.ReplanSignal>().Request("cabinet-a");

        await Poll.UntilAsync(() => live.Connector("OLI-DEMO-03", 1).ProfileProblem is not null, "the dispatcher flags the charger");
        live.Connector("OLI-DEMO-03", 1).ProfileProblem.Should().Contain("above the plan");
    }
}
