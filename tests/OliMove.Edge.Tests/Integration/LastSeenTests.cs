using OliMove.Edge.Live;
using OliMove.Edge.Testing;
using OliMove.Tools.CpSimulator;

namespace OliMove.Edge.Tests.Integration;

/// <summary>The cockpit's "last seen" is the charger's last message of any kind, not the moment it connected.</summary>
public class LastSeenTests
{
    [Fact]
    public async Task A_heartbeat_and_a_meter_value_each_move_last_seen_forward()
    {
        await using var host = await EdgeTestHost.StartAsync();
        await using var cp = new SimulatedChargePoint(new SimulatedChargePointOptions
        {
            ChargePointId = "OLI-DEMO-03",
            CentralSystem = new Uri(host.OcppUri.ToString().TrimEnd('/')),
            AuthorizationKey = "demo-key-OLI-DEMO-03",
            CallTimeout = TimeSpan.FromSeconds(5),
        });
        await cp.ConnectAsync();
        await cp.BootAsync();
        var live = host.Get<LiveSiteState>();
        var afterBoot = live.ChargePoint("OLI-DEMO-03").LastSeenAt;
        afterBoot.Should().NotBeNull();

        await Task.Delay(50);
        await cp.HeartbeatAsync();
        await Poll.UntilAsync(() => live.ChargePoint("OLI-DEMO-03").LastSeenAt > afterBoot, "the heartbeat counts as seen");
        var afterHeartbeat = live.ChargePoint("OLI-DEMO-03").LastSeenAt;

        await Task.Delay(50);
        await cp.StartTransactionAsync(1, "TAG-SEEN", new FixedLimitCar(11_000));
        await cp.SampleMeterValuesAsync();
        await Poll.UntilAsync(() => live.ChargePoint("OLI-DEMO-03").LastSeenAt > afterHeartbeat, "the transaction and its meter values count as seen");
    }
}
