using OliMove.Edge.Live;
using OliMove.Edge.Testing;
using OliMove.Ocpp.Messages;
using OliMove.Tools.CpSimulator;

namespace OliMove.Edge.Tests.Integration;

/// <summary>
/// A plan made on an event starts at that second. A charger whose clock runs a minute behind ours must still find
/// its TxProfile and its fail-safe default in force at once: before the fix it ran for that minute on its default
/// (the demo's cockpit flagged "composite schedule above the plan"), and a window default not yet started left it
/// with no limit at all.
/// </summary>
public class ChargerClockBehindTests
{
    [Fact]
    public async Task A_charger_a_minute_behind_has_its_plan_and_its_default_in_force_from_its_own_now()
    {
        await using var host = await EdgeTestHost.StartAsync();
        var chargerClock = new SkewedTimeProvider(TimeSpan.FromMinutes(-1));
        await using var cp = new SimulatedChargePoint(
            new SimulatedChargePointOptions
            {
                ChargePointId = "OLI-DEMO-03",
                CentralSystem = new Uri(host.OcppUri.ToString().TrimEnd('/')),
                AuthorizationKey = "demo-key-OLI-DEMO-03",
                CallTimeout = TimeSpan.FromSeconds(5),
            },
            chargerClock);
        await cp.ConnectAsync();
        await cp.BootAsync();
        await cp.StartTransactionAsync(1, "TAG-LATE-CLOCK", new FixedLimitCar(11_000));
        var transactionId = cp.TransactionIdOn(1)!.Value;
        await Poll.UntilAsync(() => cp.ReceivedActions.Contains("GetCompositeSchedule"), "the controller checks what the charger will do");

        var now = chargerClock.GetUtcNow();
        foreach (var installed in cp.Profiles.Profiles.Where(p => p.ConnectorId == 1))
        {
            installed.Profile.ChargingSchedule.StartSchedule.Should().BeOnOrBefore(now, "{0} must be in force on the charger's clock", installed.Profile.ChargingProfilePurpose);
        }

        var running = new Dictionary<int, (int, DateTimeOffset)> { [1] = (transactionId, now) };
        var tx = cp.Profiles.Profiles.Single(p => p.Profile.ChargingProfilePurpose == ChargingProfilePurposeType.TxProfile).Profile;
        cp.Profiles.LimitW(1, now, running).Should().BeApproximately((double)tx.ChargingSchedule.ChargingSchedulePeriod[0].Limit * 230 * 3, 1, "the plan, not the default or the charger's maximum, is in force");
        host.Get<LiveSiteState>().Connector("OLI-DEMO-03", 1).ProfileProblem.Should().BeNull();
    }
}
