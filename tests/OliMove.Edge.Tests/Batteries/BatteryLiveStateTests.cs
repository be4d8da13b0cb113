using Microsoft.Extensions.Time.Testing;
using OliMove.Edge.Batteries;
using OliMove.Edge.Hosting;
using OliMove.SiteMap;

namespace OliMove.Edge.Tests.Batteries;

/// <summary>
/// What the allocator is told about a battery from its readings (unit level, on a fake clock; the real path over
/// Modbus and OCPP is <see cref="BatteryEndToEndTests"/>).
/// </summary>
public sealed class BatteryLiveStateTests
{
    private const string Site = """
        site:
          id: t
        gridConnection:
          limitA: 200
        circuits:
          - id: cabinet
            limitA: 100
        chargePoints:
          - chargePointId: CP-1
            circuit: cabinet
            chargingRateUnit: W
            connectors:
              - { connectorId: 1, evseId: E1, connectionType: Type2, ratedPowerW: 22080, phases: 3 }
        batteries:
          - { id: bat, circuit: cabinet, capacityWh: 22000, usableEnergyWh: 20000, reservePercent: 20, maxDischargeW: 8000, modbus: { host: 127.0.0.1 } }
          - { id: uncontrolled, circuit: cabinet, capacityWh: 5000, usableEnergyWh: 5000 }
        """;

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 3, 2, 8, 5, 0, TimeSpan.Zero));
    private readonly BatteryLiveState _live;
    private readonly SiteState _site;

    public BatteryLiveStateTests()
    {
        var loaded = SiteMapLoader.LoadString(Site);
        loaded.Errors.Should().BeEmpty();
        _site = new SiteState(loaded);
        _live = new BatteryLiveState(_site, _clock, new BatteryOptions());
    }

    private OliMove.SiteMap.Topology.ChargingGroup Group => _site.Topology.Groups.Single();

    private static BatteryReading Reading(double soc = 55, long? powerW = 0, double? deviceReservePercent = 0) =>
        new(soc, 10_000, 10_000, deviceReservePercent, powerW, 10_000);

    [Fact]
    public void A_battery_that_answers_is_planned_with_its_energy_the_reserve_and_the_lower_of_its_limits()
    {
        _live.Record("bat", Reading(soc: 55.55), _clock.GetUtcNow());

        var battery = _live.For(Group)!.Single();

        battery.Should().Be(new OliMove.Scheduling.Batteries.BatterySnapshot("bat", "cabinet", 11_110, 4_000, 20_000, 10_000, 8_000));
    }

    [Fact]
    public void The_devices_own_reserve_counts_when_it_is_the_larger()
    {
        _live.Record("bat", Reading(deviceReservePercent: 30), _clock.GetUtcNow());

        _live.For(Group)!.Single().ReserveWh.Should().Be(6_000);
    }

    [Fact]
    public void A_battery_never_read_failing_or_stale_is_absent_and_one_without_modbus_is_never_planned()
    {
        _live.For(Group).Should().BeNull("nothing was read yet");

        _live.Record("bat", Reading(), _clock.GetUtcNow());
        _clock.Advance(TimeSpan.FromSeconds(1));
        _live.RecordProblem("bat", "timeout", _clock.GetUtcNow()).Should().BeTrue("it was usable until now: its group must be re-planned");
        _live.For(Group).Should().BeNull("a failing battery gives no capacity");

        _live.Record("bat", Reading(), _clock.GetUtcNow()).Should().BeTrue("it answers again");
        _live.For(Group).Should().ContainSingle();
        _clock.Advance(TimeSpan.FromSeconds(11));
        _live.For(Group).Should().BeNull("a reading older than 10 s is stale");
        _live.Health().Select(h => (h.BatteryId, h.Status)).Should().Equal(("bat", "stale"), ("uncontrolled", "not controlled"));
    }

    [Fact]
    public void A_failing_battery_shows_its_problem_and_a_good_reading_clears_it()
    {
        _live.Record("bat", Reading(), _clock.GetUtcNow());
        _clock.Advance(TimeSpan.FromSeconds(1));
        var failedAt = _clock.GetUtcNow();
        _live.RecordProblem("bat", "127.0.0.1:502: no complete reply within 2000 ms", failedAt);
        _live.Health()[0].Should().Match<BatteryHealth>(h => h.Status == "failing" && h.Problem == "127.0.0.1:502: no complete reply within 2000 ms" && h.ProblemAt == failedAt);

        _clock.Advance(TimeSpan.FromSeconds(1));
        _live.Record("bat", Reading(), _clock.GetUtcNow());

        var health = _live.Health()[0];
        health.Status.Should().Be("ok");
        health.Problem.Should().BeNull("the problem says why the battery is not usable now, not what once failed (decision 0396)");
        health.ProblemAt.Should().BeNull();
        _clock.Advance(TimeSpan.FromSeconds(11));
        _live.Health()[0].Should().Match<BatteryHealth>(h => h.Status == "stale" && h.Problem == null, "a stale battery is not blamed on the failure it recovered from");
    }

    [Fact]
    public void A_battery_that_does_not_follow_its_setpoint_is_planned_with_what_it_does_and_reported()
    {
        _live.Record("bat", Reading(), _clock.GetUtcNow());
        _live.Written("bat", -6_000, _clock.GetUtcNow());
        _clock.Advance(TimeSpan.FromSeconds(2));
        _live.Record("bat", Reading(powerW: 0), _clock.GetUtcNow());
        _live.IsNotFollowing("bat").Should().BeFalse("it has 5 s to reach a new setpoint");

        _clock.Advance(TimeSpan.FromSeconds(4));
        _live.Record("bat", Reading(powerW: -1_500), _clock.GetUtcNow());

        _live.IsNotFollowing("bat").Should().BeTrue();
        var battery = _live.For(Group)!.Single();
        battery.MaxDischargeW.Should().Be(1_500, "it discharges 1.5 kW of the 6 kW asked: the next plan counts on 1.5 kW");
        battery.MaxChargeW.Should().Be(0);
        _live.Health()[0].Status.Should().Be("not following");

        _clock.Advance(TimeSpan.FromMinutes(15));
        _live.Record("bat", Reading(powerW: -6_000), _clock.GetUtcNow());
        _live.For(Group)!.Single().MaxDischargeW.Should().Be(8_000, "after a slot following its setpoint it is trusted again");
    }

    [Fact]
    public void Without_a_power_reading_a_battery_whose_status_points_the_other_way_does_not_follow_at_once()
    {
        _live.Record("bat", Reading(powerW: null) with { StatusDirection = 0 }, _clock.GetUtcNow());
        _live.Written("bat", -6_000, _clock.GetUtcNow());
        _clock.Advance(TimeSpan.FromSeconds(6));

        _live.Record("bat", Reading(powerW: null) with { StatusDirection = 1 }, _clock.GetUtcNow());

        _live.IsNotFollowing("bat").Should().BeTrue("asked to discharge, it says it charges");
        var battery = _live.For(Group)!.Single();
        battery.MaxDischargeW.Should().Be(0, "nothing it did shows it can discharge");
        battery.MaxChargeW.Should().Be(0);
        _live.Health()[0].Problem.Should().Contain("by its state of charge and status");
    }

    [Fact]
    public void Without_a_power_reading_a_battery_whose_state_of_charge_moves_as_asked_follows()
    {
        // 6 kW out of 20 kWh is 30 % an hour: 2 % takes 4 minutes.
        _live.Record("bat", Reading(soc: 60, powerW: null) with { StatusDirection = 0 }, _clock.GetUtcNow());
        _live.Written("bat", -6_000, _clock.GetUtcNow());
        var soc = 60.0;
        for (var s = 5; s <= 600; s += 5)
        {
            _clock.Advance(TimeSpan.FromSeconds(5));
            soc -= 30.0 * 5 / 3600;
            _live.Record("bat", Reading(soc: Math.Round(soc), powerW: null) with { StatusDirection = -1 }, _clock.GetUtcNow());
        }

        _live.IsNotFollowing("bat").Should().BeFalse("its state of charge fell by 5 % in 10 minutes, as 6 kW should, in whole-percent steps");
        _live.For(Group)!.Single().MaxDischargeW.Should().Be(8_000);
    }

    [Fact]
    public void Without_a_power_reading_a_battery_that_says_it_discharges_but_moves_its_state_of_charge_too_little_is_planned_with_what_it_did()
    {
        _live.Record("bat", Reading(soc: 60, powerW: null) with { StatusDirection = 0 }, _clock.GetUtcNow());
        _live.Written("bat", -6_000, _clock.GetUtcNow());
        _clock.Advance(TimeSpan.FromSeconds(5));
        _live.Record("bat", Reading(soc: 60, powerW: null) with { StatusDirection = -1 }, _clock.GetUtcNow());

        // It does 1.2 kW of the 6 kW asked: 0.45 % in the 4.5 minutes in which 6 kW would have moved it 2.25 %.
        _clock.Advance(TimeSpan.FromMinutes(3));
        _live.Record("bat", Reading(soc: 59.7, powerW: null) with { StatusDirection = -1 }, _clock.GetUtcNow());
        _live.IsNotFollowing("bat").Should().BeFalse("6 kW would have moved it 1.5 %: too early to tell from its state of charge");
        _clock.Advance(TimeSpan.FromSeconds(90));
        _live.Record("bat", Reading(soc: 59.55, powerW: null) with { StatusDirection = -1 }, _clock.GetUtcNow());

        _live.IsNotFollowing("bat").Should().BeTrue();
        _live.For(Group)!.Single().MaxDischargeW.Should().Be(1_200, "0.45 % of 20 kWh in 4.5 minutes is 1.2 kW");
        _live.Health()[0].Status.Should().Be("not following");
        _live.Health()[0].Problem.Should().Be("asked for -6000 W, did about -1200 W by its state of charge and status; planned with what it does");
    }
}
