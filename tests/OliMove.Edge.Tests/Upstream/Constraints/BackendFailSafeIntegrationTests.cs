using OliMove.Edge.Testing;
using OliMove.Edge.Upstream;
using OliMove.Ocpp.Messages;
using OliMove.SiteMap;
using OliMove.Tools.CpSimulator;

namespace OliMove.Edge.Tests.Upstream.Constraints;

/// <summary>
/// The fail-safe defaults under the backend's limits (decision 0190), over real OCPP WebSockets to simulated
/// chargers: the TxDefaultProfile a charger holds (what it falls back to when the edge dies) never allows more
/// than the backend's ChargePointMaxProfile or TxDefaultProfile, is re-sent when the backend's limit changes, and
/// is capped at install for a charger that connects after the limit was set.
/// </summary>
public class BackendFailSafeIntegrationTests
{
    private const long CabinetW = 27_000;
    private const long ShareW = CabinetW / 3;
    private static readonly string[] Ids = ["G2-CP-1", "G2-CP-2", "G2-CP-3"];

    private static string SiteMap() => $"""
        site:
          id: backend-fail-safe-test
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
                evseId: "DE*OLI*E96{i}1*1"
                connectionType: Type2
                ratedPowerW: 11000
                phases: 3
        """))}
        """;

    private static SetChargingProfileRequest Backend(ChargingProfilePurposeType purpose, ChargingRateUnitType unit, decimal limit, int id) => new()
    {
        ConnectorId = 0,
        CsChargingProfiles = new ChargingProfile
        {
            ChargingProfileId = id,
            StackLevel = 1,
            ChargingProfilePurpose = purpose,
            ChargingProfileKind = ChargingProfileKindType.Absolute,
            ChargingSchedule = new ChargingSchedule
            {
                ChargingRateUnit = unit,
                StartSchedule = DateTimeOffset.UtcNow.AddHours(-1),
                ChargingSchedulePeriod = [new ChargingSchedulePeriod { StartPeriod = 0, Limit = limit }],
            },
        },
    };

    [Fact]
    public async Task The_installed_fail_safe_default_follows_a_backend_ChargePointMaxProfile_down_and_back_up_when_cleared()
    {
        await using var host = await EdgeTestHost.StartAsync(siteMapYaml: SiteMap());
        await using var charger = await ConnectAsync(host, Ids[0]);
        await using var neighbour = await ConnectAsync(host, Ids[1]);
        await Poll.UntilAsync(() => HighestDefaultW(charger) == ShareW && HighestDefaultW(neighbour) == ShareW, "each charger holds its static share");
        var port = host.Get<IBackendSmartCharging>();

        var set = await port.SetChargingProfileAsync(charger.ChargePointId, Backend(ChargingProfilePurposeType.ChargePointMaxProfile, ChargingRateUnitType.W, 6_000, 910), CancellationToken.None);

        set.Status.Should().Be(ChargingProfileStatus.Accepted);
        await Poll.UntilAsync(() => HighestDefaultW(charger) is <= 6_000, "the limited charger's default is re-sent within the backend's limit");
        HighestDefaultW(charger).Should().Be(6_000, "capped to the limit, not below it");
        HighestDefaultW(neighbour).Should().Be(ShareW, "a charger without a backend limit keeps its share");
        charger.Profiles.Profiles.Should().NotContain(p => p.Profile.ChargingProfileId == 910, "the charger holds only the edge's profiles");

        var clear = await port.ClearChargingProfileAsync(charger.ChargePointId, new ClearChargingProfileRequest { Id = 910 }, CancellationToken.None);

        clear.Status.Should().Be(ClearChargingProfileStatus.Accepted);
        await Poll.UntilAsync(() => HighestDefaultW(charger) == ShareW, "clearing the limit gives the share back");
        host.ErrorLog.Errors.Should().BeEmpty();
    }

    [Fact]
    public async Task A_charger_that_connects_under_a_backend_TxDefaultProfile_in_amperes_gets_a_default_within_it()
    {
        await using var host = await EdgeTestHost.StartAsync(siteMapYaml: SiteMap());
        var port = host.Get<IBackendSmartCharging>();
        // 8 A on each of 3 phases at the site's 230 V: 5,520 W, below the 9,000 W share.
        var set = await port.SetChargingProfileAsync(Ids[2], Backend(ChargingProfilePurposeType.TxDefaultProfile, ChargingRateUnitType.A, 8, 920), CancellationToken.None);
        set.Status.Should().Be(ChargingProfileStatus.Accepted);

        await using var charger = await ConnectAsync(host, Ids[2]);

        await Poll.UntilAsync(() => HighestDefaultW(charger) is not null, "the charger gets its fail-safe default on connect");
        await Poll.UntilAsync(() => HighestDefaultW(charger) == 5_520, "the default is the backend's limit, not the share");
        charger.Profiles.Profiles.Should().OnlyContain(p => p.Profile.ChargingProfilePurpose == ChargingProfilePurposeType.TxDefaultProfile && p.Profile.ChargingProfileId != 920);
    }

    private static async Task<SimulatedChargePoint> ConnectAsync(EdgeTestHost host, string id)
    {
        var cp = new SimulatedChargePoint(new SimulatedChargePointOptions
        {
            ChargePointId = id,
            CentralSystem = new Uri(host.OcppUri.ToString().TrimEnd('/')),
            AuthorizationKey = "demo-key-" + id,
            AllowedChargingRateUnits = "Power",
            CallTimeout = TimeSpan.FromSeconds(5),
        });
        await cp.ConnectAsync();
        await cp.BootAsync();
        return cp;
    }

    /// <summary>The most the charger's installed TxDefaultProfile allows at any time, in W (the site map says W).</summary>
    private static decimal? HighestDefaultW(SimulatedChargePoint cp) =>
        cp.Profiles.Profiles.Where(p => p.Profile.ChargingProfilePurpose == ChargingProfilePurposeType.TxDefaultProfile)
            .Select(p => (decimal?)p.Profile.ChargingSchedule.ChargingSchedulePeriod.Max(x => x.Limit))
            .Max();
}
