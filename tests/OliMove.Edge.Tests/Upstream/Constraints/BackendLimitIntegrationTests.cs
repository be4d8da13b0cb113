using OliMove.Edge.Api;
using OliMove.Edge.Testing;
using OliMove.Edge.Upstream;
using OliMove.Ocpp.Messages;
using OliMove.SiteMap;
using OliMove.Tools.CpSimulator;

namespace OliMove.Edge.Tests.Upstream.Constraints;

/// <summary>
/// The backend's ChargePointMaxProfile, handed to the port the upstream link calls, over real OCPP WebSockets to
/// simulated chargers: it lowers that charger's TxProfile within one re-plan, the cabinet's other chargers get
/// the freed power, and clearing it gives it back. The profile survives a restart, and the charger never sees it.
/// </summary>
public class BackendLimitIntegrationTests
{
    private const long CabinetW = 27_000;
    private static readonly string[] Ids = ["U2-CP-1", "U2-CP-2", "U2-CP-3"];

    private static string SiteMap() => $"""
        site:
          id: backend-limit-test
        gridConnection:
          limitW: 100000
        circuits:
          - id: cabinet
            limitW: {CabinetW}
        chargePoints:
        {string.Join("\n", Ids.Select((id, i) => $"""
          - chargePointId: {id}
            circuit: cabinet
            chargingRateUnit: W
            authorizationKeyHash: "{AuthorizationKeyHash.Create("demo-key-" + id)}"
            connectors:
              - connectorId: 1
                evseId: "DE*OLI*E95{i}1*1"
                connectionType: Type2
                ratedPowerW: 11000
                phases: 3
        """))}
        """;

    private static SetChargingProfileRequest ChargePointMax(decimal watts) => new()
    {
        ConnectorId = 0,
        CsChargingProfiles = new ChargingProfile
        {
            ChargingProfileId = 900,
            StackLevel = 1,
            ChargingProfilePurpose = ChargingProfilePurposeType.ChargePointMaxProfile,
            ChargingProfileKind = ChargingProfileKindType.Absolute,
            ChargingSchedule = new ChargingSchedule
            {
                ChargingRateUnit = ChargingRateUnitType.W,
                StartSchedule = DateTimeOffset.UtcNow.AddHours(-1),
                ChargingSchedulePeriod = [new ChargingSchedulePeriod { StartPeriod = 0, Limit = watts }],
            },
        },
    };

    [Fact]
    public async Task A_backend_ChargePointMaxProfile_of_6_kW_lowers_that_chargers_TxProfile_and_frees_power_for_the_others_until_cleared()
    {
        await using var host = await EdgeTestHost.StartAsync(siteMapYaml: SiteMap());
        var chargers = new List<SimulatedChargePoint>();
        try
        {
            foreach (var id in Ids)
            {
                var cp = new SimulatedChargePoint(new SimulatedChargePointOptions
                {
                    ChargePointId = id,
                    CentralSystem = new Uri(host.OcppUri.ToString().TrimEnd('/')),
                    AuthorizationKey = "demo-key-" + id,
                    AllowedChargingRateUnits = "Power",
                    CallTimeout = TimeSpan.FromSeconds(5),
                });
                chargers.Add(cp);
                await cp.ConnectAsync();
                await cp.BootAsync();
                await cp.StartTransactionAsync(1, "TAG-" + id, new FixedLimitCar(22_000));
            }

            // Three 22 kW cars share the 24 kW cabinet: 8 kW each.
            // Three 11 kW cars on a 27 kW cabinet: two at full power, the third gets the rest.
            await Poll.UntilAsync(() => chargers.All(c => TxLimit(c) is not null) && chargers.Sum(c => TxLimit(c)!.Value) >= CabinetW - 1_000, "the cars share the cabinet");
            var limited = chargers.First(c => TxLimit(c) >= 10_000);
            var others = chargers.Where(c => c != limited).ToList();
            var othersBefore = others.Sum(c => TxLimit(c)!.Value);
            var port = host.Get<IBackendSmartCharging>();

            var set = await port.SetChargingProfileAsync(limited.ChargePointId, ChargePointMax(6_000), CancellationToken.None);

            set.Status.Should().Be(ChargingProfileStatus.Accepted);
            await Poll.UntilAsync(() => TxLimit(limited) is <= 6_000, "the limited charger's TxProfile is lowered within one re-plan");
            await Poll.UntilAsync(() => others.Sum(c => TxLimit(c)!.Value) >= othersBefore + 3_000, "the others get the freed power");
            chargers.Sum(c => TxLimit(c)!.Value).Should().BeLessThanOrEqualTo(CabinetW);
            limited.Profiles.Profiles.Should().NotContain(p => p.Profile.ChargingProfileId == 900, "the charger holds only the edge's profiles");
            var reader = host.Get<SiteStatusReader>();
            var view = await reader.ChargePointAsync(limited.ChargePointId, CancellationToken.None);
            view!.BackendLimit!.ChargePointMaxW.Should().Be(6_000);
            view.BackendLimit.Profiles.Should().ContainSingle().Which.Purpose.Should().Be("ChargePointMaxProfile");
            (await reader.ChargePointAsync(others[0].ChargePointId, CancellationToken.None))!.BackendLimit.Should().BeNull();

            var composite = await port.GetCompositeScheduleAsync(limited.ChargePointId, new GetCompositeScheduleRequest { ConnectorId = 1, Duration = 600 }, CancellationToken.None);
            composite.Status.Should().Be(AcceptanceStatus.Accepted, "the charger answers with what it will do");
            composite.ChargingSchedule!.ChargingSchedulePeriod[0].Limit.Should().BeLessThanOrEqualTo(6_000);

            var clear = await port.ClearChargingProfileAsync(limited.ChargePointId, new ClearChargingProfileRequest { Id = 900 }, CancellationToken.None);

            clear.Status.Should().Be(ClearChargingProfileStatus.Accepted);
            await Poll.UntilAsync(() => TxLimit(limited) >= 10_000, "clearing gives the power back");
            chargers.Sum(c => TxLimit(c)!.Value).Should().BeLessThanOrEqualTo(CabinetW);
            (await port.ClearChargingProfileAsync(limited.ChargePointId, new ClearChargingProfileRequest { Id = 900 }, CancellationToken.None)).Status
                .Should().Be(ClearChargingProfileStatus.Unknown, "nothing is left to clear");
            host.ErrorLog.Errors.Should().BeEmpty();
        }
        finally
        {
            foreach (var cp in chargers)
            {
                await cp.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task A_stored_backend_limit_survives_a_restart_and_GetCompositeSchedule_for_an_offline_charger_is_Rejected()
    {
        var directory = Path.Combine(Path.GetTempPath(), "olimove-test-" + Guid.NewGuid().ToString("N"));
        // Stopped, not disposed: disposing deletes the directory the second run opens.
        var first = await EdgeTestHost.StartAsync(siteMapYaml: SiteMap(), directory: directory);
        {
            var port = first.Get<IBackendSmartCharging>();
            (await port.SetChargingProfileAsync("U2-CP-2", ChargePointMax(5_000), CancellationToken.None)).Status.Should().Be(ChargingProfileStatus.Accepted);
            (await port.SetChargingProfileAsync("U2-CP-2", ChargePointMax(5_000) with { ConnectorId = 1 }, CancellationToken.None)).Status
                .Should().Be(ChargingProfileStatus.Rejected, "a ChargePointMaxProfile belongs on connector 0");
            (await port.GetCompositeScheduleAsync("U2-CP-2", new GetCompositeScheduleRequest { ConnectorId = 0, Duration = 60 }, CancellationToken.None)).Status
                .Should().Be(AcceptanceStatus.Rejected, "the charger is not connected");
            await first.StopAsync();
        }

        await using var second = await EdgeTestHost.StartAsync(siteMapYaml: SiteMap(), directory: directory);
        var view = await second.Get<SiteStatusReader>().ChargePointAsync("U2-CP-2", CancellationToken.None);
        view!.BackendLimit!.ChargePointMaxW.Should().Be(5_000);
    }

    private static decimal? TxLimit(SimulatedChargePoint cp) =>
        cp.Profiles.Profiles.FirstOrDefault(p => p.Profile.ChargingProfilePurpose == ChargingProfilePurposeType.TxProfile)
            ?.Profile.ChargingSchedule.ChargingSchedulePeriod[0].Limit;
}
