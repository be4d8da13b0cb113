using static OliMove.Scheduling.Tests.Groups;

namespace OliMove.Scheduling.Tests;

public class SlotAllocatorTests
{
    [Fact]
    public void Meets_the_EDF_counter_example_from_the_issue()
    {
        // Capacity 2 per slot; A needs 2 within 2 slots at max 2; B needs 3 within 3 slots at max 1 (1 unit = 1 kW, 1 h).
        var group = Group(3, [Root(3, 2000)],
        [
            Session("A", maxW: 2000, needWh: 2000, departSlot: 2),
            Session("B", maxW: 1000, needWh: 3000, departSlot: 3),
        ]);

        var plan = SlotAllocator.Plan(group);

        var a = plan.Sessions.Single(s => s.SessionId == "A");
        var b = plan.Sessions.Single(s => s.SessionId == "B");
        a.PowerW.Take(2).Sum().Should().Be(2000);
        b.PowerW.Sum().Should().Be(3000);
        b.PowerW.Should().Equal(1000, 1000, 1000);
        a.Status.Should().Be(SessionStatus.OnTrack);
        b.Status.Should().Be(SessionStatus.OnTrack);
        plan.Circuits.Single().LoadW.Should().OnlyContain(w => w <= 2000);
    }

    [Fact]
    public void Plain_EDF_misses_the_counter_example_which_is_why_the_allocator_is_guarded()
    {
        // Reference: the naive rule, each slot by earliest deadline at full rate.
        long[] need = [2, 3];
        long[] max = [2, 1];
        int[] deadline = [2, 3];
        for (int t = 0; t < 3; t++)
        {
            long cap = 2;
            foreach (int i in new[] { 0, 1 })
            {
                if (t >= deadline[i])
                    continue;
                long give = Math.Min(Math.Min(max[i], need[i]), cap);
                need[i] -= give;
                cap -= give;
            }
        }
        need[1].Should().Be(1, "plain EDF leaves B one unit short");
    }

    [Fact]
    public void Non_participants_charge_as_soon_as_possible_after_must_run_power()
    {
        // The accepted EV can wait: it needs 2 kWh by slot 4 at 2 kW; must-run now is 0, so the walk-in gets 3 kW now.
        var group = Group(4, [Root(4, 3000)],
        [
            Session("acc", maxW: 2000, needWh: 2000, departSlot: 4),
            Session("walkin", maxW: 3000, needWh: null, departSlot: 0, optedIn: false),
        ]);

        var plan = SlotAllocator.Plan(group);

        plan.Sessions.Single(s => s.SessionId == "walkin").SetpointW.Should().Be(3000);
        plan.Sessions.Single(s => s.SessionId == "acc").PowerW.Sum().Should().BeGreaterThanOrEqualTo(2000);
        plan.Sessions.Single(s => s.SessionId == "acc").Status.Should().Be(SessionStatus.OnTrack);
    }

    [Fact]
    public void Must_run_power_comes_before_non_participants_when_the_deadline_is_tight()
    {
        var group = Group(2, [Root(2, 3000)],
        [
            Session("acc", maxW: 2000, needWh: 4000, departSlot: 2),
            Session("walkin", maxW: 3000, needWh: null, departSlot: 0, optedIn: false),
        ]);

        var plan = SlotAllocator.Plan(group);

        plan.Sessions.Single(s => s.SessionId == "acc").PowerW.Should().Equal(2000, 2000);
        plan.Sessions.Single(s => s.SessionId == "walkin").PowerW.Should().Equal(1000, 1000);
    }

    [Fact]
    public void Gives_zero_or_at_least_the_minimum_power()
    {
        // 3 EVs with a 1380 W minimum on 3000 W: at most two can run at once.
        var group = Group(3, [Root(3, 3000)],
        [
            Session("a", maxW: 7000, minW: 1380, needWh: 2000, departSlot: 3, accepted: false),
            Session("b", maxW: 7000, minW: 1380, needWh: 2000, departSlot: 3, accepted: false),
            Session("c", maxW: 7000, minW: 1380, needWh: 2000, departSlot: 3, accepted: false),
        ]);

        var plan = SlotAllocator.Plan(group);

        foreach (var s in plan.Sessions)
            s.PowerW.Should().OnlyContain(w => w == 0 || (w >= 1380 && w <= 7000));
        plan.Circuits.Single().LoadW.Should().OnlyContain(w => w <= 3000);
    }

    [Fact]
    public void Uses_PV_surplus_before_grid_for_flexible_requests()
    {
        // Grid 3 kW all day; PV surplus of 3 kW only in slot 2. A flexible 3 kWh request waits for the sun.
        var circuit = new CircuitSnapshot("root", null, Flat(4, 3000), [0, 0, 3000, 0]);
        var group = Group(4, [circuit], [Session("a", maxW: 3000, needWh: 3000, departSlot: 4, accepted: false)]);

        var plan = SlotAllocator.Plan(group);

        plan.Sessions.Single().PowerW.Should().Equal(0, 0, 3000, 0);
    }

    [Fact]
    public void Never_plans_a_phase_above_its_limit()
    {
        // Phase L1 allows 2300 W; two 1-phase EVs on L1 must share it while L2 has room for a third.
        var phases = new PhaseSeries(Flat(2, 2300), Flat(2, 2300), Flat(2, 2300));
        var circuit = new CircuitSnapshot("root", null, Flat(2, 11000), Flat(2, 0), phases);
        var group = Group(2, [circuit],
        [
            Session("a", maxW: 3680, needWh: 9000, departSlot: 2, accepted: false, phase: 1),
            Session("b", maxW: 3680, needWh: 9000, departSlot: 2, accepted: false, phase: 1),
            Session("c", maxW: 3680, needWh: 9000, departSlot: 2, accepted: false, phase: 2),
        ]);

        var plan = SlotAllocator.Plan(group);

        for (int t = 0; t < 2; t++)
        {
            (plan.Sessions[0].PowerW[t] + plan.Sessions[1].PowerW[t]).Should().BeLessThanOrEqualTo(2300);
            plan.Sessions[2].PowerW[t].Should().Be(2300);
        }
    }

    [Fact]
    public void Flags_an_accepted_request_short_because_of_the_vehicle_as_limited_by_vehicle()
    {
        var slow = Session("a", maxW: 7000, needWh: 10000, departSlot: 2) with { VehicleMaxW = 1000 };
        var group = Group(2, [Root(2, 11000)], [slow]);

        var plan = SlotAllocator.Plan(group);

        plan.Sessions.Single().Status.Should().Be(SessionStatus.LimitedByVehicle);
        plan.Sessions.Single().PowerW.Should().Equal(1000, 1000);
    }

    [Fact]
    public void When_not_every_promise_fits_an_EV_slowed_by_its_vehicle_bears_the_shortfall_not_one_that_takes_its_offer()
    {
        // 20 kWh of capacity in two hours; the slowed EV (4 kW as seen on a 7 kW connector) wants 8 kWh and the
        // full-speed EV 14 kWh: 2 kWh cannot be delivered. Decision 0182.
        var slowed = Session("a", maxW: 7000, needWh: 8000, departSlot: 2) with { VehicleMaxW = 4000 };
        var full = Session("b", maxW: 7000, needWh: 14000, departSlot: 2);
        var group = Group(2, [Root(2, 10_000)], [slowed, full]);

        var plan = SlotAllocator.Plan(group);

        plan.Sessions.Single(s => s.SessionId == "b").PowerW.Should().Equal(7000, 7000);
        plan.Sessions.Single(s => s.SessionId == "a").PowerW.Should().Equal(3000, 3000);
    }

    [Fact]
    public void Flags_an_accepted_request_that_capacity_no_longer_covers_as_not_guaranteed()
    {
        var group = Group(2, [Root(2, 1000)], [Session("a", maxW: 7000, needWh: 10000, departSlot: 2)]);

        SlotAllocator.Plan(group).Sessions.Single().Status.Should().Be(SessionStatus.NotGuaranteed);
    }

    [Fact]
    public void Plans_whole_Wh_per_slot_so_metered_energy_matches_the_plan()
    {
        // 15-minute slots: powers are multiples of 4 W (1 Wh per slot); the 1381 W minimum rounds up to 1384 W.
        var group = Group(4, [Root(4, 10_001)],
        [
            Session("a", maxW: 7_399, minW: 1_381, needWh: 1_000, departSlot: 4, slotSeconds: 900, accepted: false),
            Session("b", maxW: 7_399, minW: 1_381, needWh: 5_000, departSlot: 4, slotSeconds: 900),
        ], slotSeconds: 900);

        var plan = SlotAllocator.Plan(group);

        plan.Sessions.SelectMany(s => s.PowerW).Should().OnlyContain(w => w % 4 == 0 && (w == 0 || (w >= 1_384 && w <= 7_396)));
        plan.Sessions.Single(s => s.SessionId == "b").PlannedWh.Should().BeGreaterThanOrEqualTo(5_000);
    }

    [Fact]
    public void Refuses_a_slot_length_that_does_not_divide_an_hour()
    {
        var act = () => SlotAllocator.Plan(Group(1, [Root(1, 1000)], [], slotSeconds: 700));

        act.Should().Throw<SnapshotValidationException>().WithMessage("*slotSeconds must divide an hour*");
    }

    [Fact]
    public void Refuses_a_circuit_tree_without_a_single_root()
    {
        var act = () => SlotAllocator.Plan(Group(1, [Root(1, 1000), Root(1, 1000) with { CircuitId = "root2" }], []));

        act.Should().Throw<SnapshotValidationException>().WithMessage("*exactly one root, found 2*");
    }

    [Fact]
    public void Does_not_depend_on_the_order_of_sessions_or_circuits()
    {
        var sessions = new[]
        {
            Session("a", maxW: 2000, needWh: 2000, departSlot: 2),
            Session("b", maxW: 1000, needWh: 3000, departSlot: 3),
            Session("c", maxW: 3000, needWh: null, departSlot: 0, optedIn: false),
        };
        var circuits = new[] { Root(3, 4000), new CircuitSnapshot("sub", "root", Flat(3, 3000), Flat(3, 0)) };
        var one = SlotAllocator.Plan(Group(3, circuits, sessions));
        var two = SlotAllocator.Plan(Group(3, circuits.Reverse().ToArray(), sessions.Reverse().ToArray()));

        CanonicalJson.Plan(one).Should().Be(CanonicalJson.Plan(two));
    }
}
