using OliMove.Edge.Hosting;
using OliMove.Edge.Live;
using OliMove.Edge.Testing;
using OliMove.Ocpp.Messages;
using OliMove.Tools.CpSimulator;

namespace OliMove.Edge.Tests.FieldIntegrity;

/// <summary>
/// Rampdown learns an EV's own limit from what it draws against what it was offered, over real OCPP with the
/// simulator on an accelerated clock. It must learn from the car, never from a charger that held the car back.
/// The site: four 11 kW chargers on a 22 kW cabinet, so each one's fail-safe share is 5.5 kW.
/// </summary>
public class RampdownLearningTests
{
    /// <summary>300x: a 15-minute slot every three seconds.</summary>
    private const double Speed = 300;

    private static readonly string Id = FieldSite.Id(1, 1);

    [Fact]
    public async Task A_car_that_takes_less_than_its_accepted_setpoint_is_planned_at_what_it_takes()
    {
        var clock = new AcceleratedTimeProvider(DateTimeOffset.UtcNow, Speed);
        await using var host = await EdgeTestHost.StartAsync(clock, FieldSite.Yaml(1, 4, 22_000));
        await using var charger = Charger(host, clock, rejectsFirstTxProfiles: 0);
        using var stop = new CancellationTokenSource();
        var running = charger.RunAsync(stop.Token);
        await Poll.UntilAsync(() => charger.IsConnected && charger.BootStatus == RegistrationStatus.Accepted, "the charger is booted");

        await charger.StartTransactionAsync(1, "TAG-SLOW-CAR", new FixedLimitCar(4_000));

        var live = host.Get<LiveSiteState>();
        await Poll.UntilAsync(() => live.VehicleMaxW(Id, 1) is < 5_000, "rampdown learns the car's own limit", seconds: 60);
        live.VehicleMaxW(Id, 1).Should().BeInRange(3_800, 4_200, "the car draws 4 kW on an 11 kW connector");

        await stop.CancelAsync();
        await running;
    }

    [Fact]
    public async Task A_car_held_at_the_fail_safe_default_while_its_profile_was_refused_is_not_taken_for_a_slow_car()
    {
        var clock = new AcceleratedTimeProvider(DateTimeOffset.UtcNow, Speed);
        await using var host = await EdgeTestHost.StartAsync(clock, FieldSite.Yaml(1, 4, 22_000));
        // The first TxProfile's every try is refused (as when it crosses the StartTransaction.conf): the 11 kW car
        // runs on the charger's fail-safe default until the next plan's profile is accepted.
        await using var charger = Charger(host, clock, rejectsFirstTxProfiles: 3);
        using var stop = new CancellationTokenSource();
        var running = charger.RunAsync(stop.Token);
        await Poll.UntilAsync(() => charger.IsConnected && charger.BootStatus == RegistrationStatus.Accepted, "the charger is booted");

        await charger.StartTransactionAsync(1, "TAG-FULL-CAR", new FixedLimitCar(11_000));
        var held = clock.GetUtcNow();
        await Poll.UntilAsync(() => charger.Connectors[0].DrawW is > 0, "the car charges on the default");
        var failSafeW = charger.Connectors[0].OfferedW;
        failSafeW.Should().BeApproximately(5_500, 100, "the car is held at its fail-safe share while no TxProfile is accepted");

        await Poll.UntilAsync(() => clock.GetUtcNow() - held >= TimeSpan.FromMinutes(50), "three slot boundaries pass", seconds: 60);

        var live = host.Get<LiveSiteState>();
        (live.VehicleMaxW(Id, 1) ?? 11_000).Should().BeGreaterThan(10_000, "what the charger held back says nothing of the car");
        charger.Connectors[0].DrawW.Should().BeGreaterThan(10_000, "once a profile is accepted the car takes what it can");

        await stop.CancelAsync();
        await running;
    }

    private static SimulatedChargePoint Charger(EdgeTestHost host, TimeProvider clock, int rejectsFirstTxProfiles) =>
        new(new SimulatedChargePointOptions
        {
            ChargePointId = Id,
            CentralSystem = new Uri(host.OcppUri.ToString().TrimEnd('/')),
            AuthorizationKey = $"demo-key-{Id}",
            CallTimeout = TimeSpan.FromMinutes(30),
            RejectsFirstTxProfiles = rejectsFirstTxProfiles,
        }, clock);
}
