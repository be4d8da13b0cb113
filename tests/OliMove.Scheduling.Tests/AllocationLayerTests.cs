using static OliMove.Scheduling.Tests.Groups;

namespace OliMove.Scheduling.Tests;

public class AllocationLayerTests
{
    [Fact]
    public void Runs_the_guarantee_witness_first_then_non_participants_best_effort_and_pull_forward()
    {
        SlotAllocator.Layers.Should().Equal(
            AllocationLayer.GuaranteeWitness,
            AllocationLayer.ServeNonParticipants,
            AllocationLayer.FillBestEffort,
            AllocationLayer.PullForwardByLaxity);
    }

    [Fact]
    public void Serving_non_participants_before_the_witness_breaks_the_guarantee_which_is_why_the_witness_goes_first()
    {
        // The accepted EV needs both slots at 2 kW; a walk-in would take the whole 3 kW if it came first.
        var group = Group(2, [Root(2, 3000)],
        [
            Session("acc", maxW: 2000, needWh: 4000, departSlot: 2),
            Session("walkin", maxW: 3000, needWh: null, departSlot: 0, optedIn: false),
        ]);
        AllocationLayer[] walkInsFirst =
        [
            AllocationLayer.ServeNonParticipants,
            AllocationLayer.GuaranteeWitness,
            AllocationLayer.FillBestEffort,
            AllocationLayer.PullForwardByLaxity,
        ];

        var swapped = SlotAllocator.Plan(group, walkInsFirst);
        var product = SlotAllocator.Plan(group);

        swapped.Sessions.Single(s => s.SessionId == "walkin").PowerW.Should().Equal(3000, 3000);
        swapped.Sessions.Single(s => s.SessionId == "acc").Status.Should().Be(SessionStatus.NotGuaranteed);
        product.Sessions.Single(s => s.SessionId == "acc").PowerW.Should().Equal(2000, 2000);
        product.Sessions.Single(s => s.SessionId == "acc").Status.Should().Be(SessionStatus.OnTrack);
    }

    [Fact]
    public void Pull_forward_moves_best_effort_energy_to_now_and_leaves_the_later_capacity_free()
    {
        // 2 kW in every slot; one opted-in EV needs 2 kWh by the end at max 2 kW: the flow alone puts it late.
        var group = Group(3, [Root(3, 2000)], [Session("ev", maxW: 2000, needWh: 2000, departSlot: 3, accepted: false)]);

        var withoutPullForward = SlotAllocator.Plan(group, [AllocationLayer.GuaranteeWitness, AllocationLayer.ServeNonParticipants, AllocationLayer.FillBestEffort]);
        var product = SlotAllocator.Plan(group);

        withoutPullForward.Sessions.Single().PowerW.Should().Equal(0, 0, 2000);
        product.Sessions.Single().PowerW.Should().Equal(2000, 0, 0);
    }

    [Fact]
    public void Pull_forward_leaves_energy_planned_on_PV_surplus_where_it_is()
    {
        // 1 kW guaranteed, PV surplus of 1 kW only in slot 2; one opted-in EV needs 2 kWh by the end at max 2 kW.
        var group = Group(3, [new CircuitSnapshot("root", null, Flat(3, 1000), [0, 0, 1000])],
        [
            Session("ev", maxW: 2000, needWh: 2000, departSlot: 3, accepted: false),
        ]);

        var plan = SlotAllocator.Plan(group);

        plan.Sessions.Single().PowerW.Should().Equal(0, 0, 2000);
    }

    [Fact]
    public void An_unknown_layer_is_refused()
    {
        var group = Group(1, [Root(1, 1000)], [Session("ev", maxW: 1000, needWh: 500, departSlot: 1)]);

        var act = () => SlotAllocator.Plan(group, [(AllocationLayer)42]);

        act.Should().Throw<ArgumentOutOfRangeException>();
    }
}
