using static OliMove.Scheduling.Tests.Groups;

namespace OliMove.Scheduling.Tests;

public class VehicleRampdownTests
{
    private static readonly RampdownParameters P = new();

    [Fact]
    public void Lowers_the_max_as_seen_to_what_the_EV_drew_when_it_takes_less_than_offered()
    {
        VehicleRampdown.NextVehicleMaxW(11_000, 11_000, offeredW: 11_000, drawnW: 6_500, P).Should().Be(6_500);
    }

    [Fact]
    public void Keeps_the_max_when_the_EV_draws_within_the_threshold()
    {
        VehicleRampdown.NextVehicleMaxW(6_500, 11_000, offeredW: 4_000, drawnW: 3_600, P).Should().Be(6_500);
    }

    [Fact]
    public void Probes_upwards_when_the_EV_takes_all_it_is_offered_at_its_max_as_seen()
    {
        VehicleRampdown.NextVehicleMaxW(6_500, 11_000, offeredW: 6_500, drawnW: 6_450, P).Should().Be(7_190);
        VehicleRampdown.NextVehicleMaxW(10_900, 11_000, offeredW: 10_900, drawnW: 10_900, P).Should().Be(11_000);
    }

    [Fact]
    public void Gives_the_unused_power_to_others_at_the_next_plan()
    {
        // Two EVs share 11 kW; A, offered 5.5 kW, drew only 2 kW. After rampdown, B gets what A left.
        var a = Session("a", maxW: 5_500, needWh: 22_000, departSlot: 4, accepted: false);
        var b = Session("b", maxW: 11_000, needWh: 50_000, departSlot: 4, accepted: false);
        var before = SlotAllocator.Plan(Group(4, [Root(4, 11_000)], [a, b]));
        long offered = before.Sessions[0].SetpointW;
        offered.Should().Be(5_500);

        var rampedA = a with { VehicleMaxW = VehicleRampdown.NextVehicleMaxW(a.VehicleMaxW, a.ConnectorMaxW, offered, 2_000, P) };
        var after = SlotAllocator.Plan(Group(4, [Root(4, 11_000)], [rampedA, b]));

        after.Sessions[0].SetpointW.Should().Be(2_000);
        after.Sessions[1].SetpointW.Should().Be(9_000);
    }
}
