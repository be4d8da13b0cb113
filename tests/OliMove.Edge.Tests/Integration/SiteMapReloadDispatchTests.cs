using OliMove.Edge.Hosting;
using OliMove.Edge.Testing;
using OliMove.Ocpp.Messages;
using OliMove.Tools.CpSimulator;

namespace OliMove.Edge.Tests.Integration;

/// <summary>
/// A technician lowers a cabinet's limit in the site map while chargers are connected and charging: the new
/// limit must reach the chargers at once, in their fail-safe defaults and in their TxProfiles, not at their
/// next reboot.
/// </summary>
public class SiteMapReloadDispatchTests
{
    [Fact]
    public async Task A_lowered_cabinet_limit_reaches_connected_chargers_as_new_fail_safe_defaults_and_a_new_plan()
    {
        await using var host = await EdgeTestHost.StartAsync();
        await using var cp = new SimulatedChargePoint(new SimulatedChargePointOptions
        {
            ChargePointId = "OLI-DEMO-08",
            CentralSystem = new Uri(host.OcppUri.ToString().TrimEnd('/')),
            AuthorizationKey = "demo-key-OLI-DEMO-08",
            AllowedChargingRateUnits = "Current,Power",
            CallTimeout = TimeSpan.FromSeconds(5),
        });
        await cp.ConnectAsync();
        await cp.BootAsync();
        await cp.StartTransactionAsync(1, "TAG-RELOAD", new FixedLimitCar(50_000));
        await Poll.UntilAsync(() => TxLimit(cp) is > 40_000m, "the 50 kW car is planned at full power on cabinet B (125 A)");
        var defaultBefore = DefaultLimit(cp);

        // Cabinet B from 125 A to 80 A per phase: 55.2 kW for everything on it, its reserved loads included.
        var site = host.Get<SiteState>();
        var yaml = await File.ReadAllTextAsync(site.File);
        var lowered = yaml.Replace("  - id: cabinet-b\n    limitA: 125", "  - id: cabinet-b\n    limitA: 80", StringComparison.Ordinal);
        lowered.Should().NotBe(yaml, "the demo map names cabinet B with its 125 A limit");
        await File.WriteAllTextAsync(site.File, lowered);
        (await host.Get<SiteMapReloadService>().ReloadAsync(CancellationToken.None)).Should().BeTrue(string.Join("; ", site.LastReloadErrors));

        await Poll.UntilAsync(() => DefaultLimit(cp) < defaultBefore, "the fail-safe default is recomputed and sent");
        // 80 A × 230 V × 3 phases shared by cabinet B's three connectors.
        DefaultLimit(cp).Should().BeLessThanOrEqualTo(80m * 230 * 3 / 3);
        await Poll.UntilAsync(() => TxLimit(cp) is < 50_000m, "the session is re-planned within the lowered limit");
        TxLimit(cp).Should().BeLessThanOrEqualTo(80m * 230 * 3);
        host.ErrorLog.Errors.Should().BeEmpty();
    }

    private static decimal DefaultLimit(SimulatedChargePoint cp) =>
        cp.Profiles.Profiles.Single(p => p.Profile.ChargingProfilePurpose == ChargingProfilePurposeType.TxDefaultProfile)
            .Profile.ChargingSchedule.ChargingSchedulePeriod[0].Limit;

    private static decimal? TxLimit(SimulatedChargePoint cp) =>
        cp.Profiles.Profiles.FirstOrDefault(p => p.Profile.ChargingProfilePurpose == ChargingProfilePurposeType.TxProfile)
            ?.Profile.ChargingSchedule.ChargingSchedulePeriod[0].Limit;
}
