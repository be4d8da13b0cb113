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
}
