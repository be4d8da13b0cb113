using OliMove.Edge.Live;
using OliMove.Edge.Testing;

namespace OliMove.Edge.Tests.FieldIntegrity;

/// <summary>
/// A charger that loses its link keeps charging on its fail-safe default. Once it has been silent past
/// Live.SilentAfterSeconds (no connection, no message), its session is planned at that share, not at the full
/// setpoint, and the API shows it stale with a problem line; when it speaks again it is planned normally.
/// </summary>
public class SilentChargerTests
{
    [Fact]
    public async Task A_silent_chargers_session_is_planned_at_its_fail_safe_share_and_shown_stale()
    {
        // One 22 kW cabinet for four 11 kW chargers: a share of 5.5 kW each; alone, a car would be planned 11 kW.
        await using var host = await EdgeTestHost.StartAsync(siteMapYaml: FieldSite.Yaml(1, 4, 22_000), configure: o =>
        {
            FieldSite.AllowViewer(o);
            o.Live.SilentAfterSeconds = 2;
        });
        using var viewer = FieldSite.Viewer(host);
        var id = FieldSite.Id(1, 1);
        var cp = await RawChargePoint.ConnectAsync(host.OcppUri, id);
        await cp.BootAsync();
        var tx = (await cp.StartAsync(1, "TAG-SILENT", 0, DateTimeOffset.UtcNow))["transactionId"]!.GetValue<int>();
        var board = host.Get<PlanBoard>();
        long? PlannedNow() => board.Get("cabinet-01")?.Plan.Sessions.FirstOrDefault(s => s.SessionId == $"tx-{tx}")?.PowerW[0];
        await Poll.UntilAsync(() => PlannedNow() == 11_000, "the connected charger's session is planned at its full 11 kW");

        cp.Abort(); // the link dies without a close handshake
        await cp.DisposeAsync();

        await Poll.UntilAsync(() => PlannedNow() == 5_500, "the silent charger's session drops to its fail-safe share");
        var view = await FieldSite.ChargePointAsync(viewer, id);
        view.GetProperty("connectors")[0].GetProperty("stale").GetBoolean().Should().BeTrue();
        view.GetProperty("problems").EnumerateArray().Select(p => p.GetString()).Should().Contain(p => p!.Contains("stale", StringComparison.Ordinal));

        await using var back = await RawChargePoint.ConnectAsync(host.OcppUri, id);
        await back.BootAsync();
        await Poll.UntilAsync(() => PlannedNow() == 11_000, "the charger speaks again and is planned normally");
        (await FieldSite.ChargePointAsync(viewer, id)).GetProperty("connectors")[0].GetProperty("stale").GetBoolean().Should().BeFalse();
    }
}
