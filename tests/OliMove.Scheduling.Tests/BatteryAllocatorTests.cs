using OliMove.Scheduling.Batteries;

namespace OliMove.Scheduling.Tests;

public class BatteryAllocatorTests
{
    private static BatterySnapshot Battery(long storedWh, long reserveWh = 0, long capacityWh = 50_000, long chargeW = 10_000, long dischargeW = 10_000, bool fromGrid = false, string circuit = "root") =>
        new("bat", circuit, storedWh, reserveWh, capacityWh, chargeW, dischargeW, fromGrid);

    [Fact]
    public void Without_a_battery_the_plan_is_the_allocators_own()
    {
        var snapshot = Groups.Group(3, [Groups.Root(3, 10_000, 2_000)], [Groups.Session("a", 7_000, 15_000, 3), Groups.Session("b", 7_000, 12_000, 2, accepted: false)]);

        var plan = BatteryAllocator.Plan(snapshot, []);

        CanonicalJson.PlanHash(plan.Plan).Should().Be(CanonicalJson.PlanHash(SlotAllocator.Plan(snapshot)));
        plan.Batteries.Should().BeEmpty();
    }

    [Fact]
    public void Discharges_at_the_last_slot_that_still_meets_a_request_the_grid_alone_cannot()
    {
        // 10 kW for 2 hours gives 20 kWh; the EV needs 30 kWh. The battery holds 15 kWh above its reserve.
        var snapshot = Groups.Group(2, [Groups.Root(2, 10_000)], [Groups.Session("a", 22_000, 30_000, 2, accepted: false)]);

        var plan = BatteryAllocator.Plan(snapshot, [Battery(storedWh: 20_000, reserveWh: 5_000)]);

        plan.Plan.Sessions.Single().PlannedWh.Should().Be(30_000);
        var battery = plan.Batteries.Single();
        battery.SetpointW.Should().Be(0, "the energy is kept for later when using it now adds nothing");
        battery.PowerW.Should().Equal(0, -10_000);
        battery.StoredWh.Should().Equal(20_000, 10_000);
        plan.Plan.Sessions.Single().PowerW.Should().Equal(10_000, 20_000);
    }

    [Fact]
    public void Discharges_now_when_only_now_helps()
    {
        var snapshot = Groups.Group(2, [Groups.Root(2, 10_000)], [Groups.Session("a", 22_000, 15_000, 1, accepted: false)]);

        var plan = BatteryAllocator.Plan(snapshot, [Battery(storedWh: 20_000)]);

        plan.Plan.Sessions.Single().PowerW[0].Should().Be(15_000);
        plan.Batteries.Single().SetpointW.Should().Be(-5_000);
    }

    [Fact]
    public void Never_plans_the_reserve()
    {
        var snapshot = Groups.Group(2, [Groups.Root(2, 10_000)], [Groups.Session("a", 22_000, 30_000, 2, accepted: false)]);

        var plan = BatteryAllocator.Plan(snapshot, [Battery(storedWh: 6_000, reserveWh: 5_000)]);

        plan.Plan.Sessions.Single().PlannedWh.Should().Be(21_000);
        plan.Batteries.Single().StoredWh.Should().OnlyContain(wh => wh >= 5_000);
        plan.Plan.Sessions.Single().Status.Should().Be(SessionStatus.BestEffortShort);
    }

    [Fact]
    public void Charges_from_the_PV_surplus_the_sessions_leave_and_not_from_the_grid_unless_allowed()
    {
        var snapshot = Groups.Group(1, [Groups.Root(1, 10_000, surplusW: 5_000)], [Groups.Session("a", 11_000, 11_000, 1, accepted: false)]);
        BatteryAllocator.Plan(snapshot, [Battery(storedWh: 0, chargeW: 8_000)]).Batteries.Single().SetpointW
            .Should().Be(4_000, "the EV takes 11 kW of the 15 kW; the 4 kW left are PV surplus");

        var night = Groups.Group(1, [Groups.Root(1, 10_000)], [Groups.Session("a", 7_000, 7_000, 1, accepted: false)]);
        BatteryAllocator.Plan(night, [Battery(storedWh: 0)]).Batteries.Single().SetpointW.Should().Be(0);
        BatteryAllocator.Plan(night, [Battery(storedWh: 0, fromGrid: true)]).Batteries.Single().SetpointW.Should().Be(3_000);
        BatteryAllocator.Plan(night, [Battery(storedWh: 49_000, fromGrid: true)]).Batteries.Single().SetpointW
            .Should().Be(1_000, "it stops when full");
    }

    [Fact]
    public void Admission_counts_only_the_energy_the_battery_surely_holds_above_its_reserve()
    {
        var snapshot = Groups.Group(2, [Groups.Root(2, 10_000)], []);
        var request = Groups.Session("a", 22_000, 30_000, 2);

        AdmissionControl.Evaluate(snapshot, request).Accepted.Should().BeFalse();
        AdmissionControl.Evaluate(BatteryAllocator.GuaranteedSnapshot(snapshot, [Battery(storedWh: 14_000, reserveWh: 5_000)]), request)
            .MaxEnergyWhByDeparture.Should().Be(29_000);
        AdmissionControl.Evaluate(BatteryAllocator.GuaranteedSnapshot(snapshot, [Battery(storedWh: 15_000, reserveWh: 5_000)]), request)
            .Accepted.Should().BeTrue();
    }

    [Fact]
    public void Discharge_raises_every_circuit_above_the_battery_and_no_circuit_beside_it()
    {
        CircuitSnapshot Circuit(string id, string? parent, long w) => new(id, parent, Groups.Flat(1, w), Groups.Flat(1, 0));
        var snapshot = Groups.Group(1, [Circuit("root", null, 30_000), Circuit("left", "root", 10_000), Circuit("right", "root", 10_000)],
            [Groups.Session("l", 22_000, 22_000, 1, accepted: false, circuit: "left"), Groups.Session("r", 22_000, 22_000, 1, accepted: false, circuit: "right")]);

        var plan = BatteryAllocator.Plan(snapshot, [Battery(storedWh: 50_000, dischargeW: 8_000, circuit: "left")]);

        plan.Plan.Sessions.Single(s => s.SessionId == "l").SetpointW.Should().Be(18_000);
        plan.Plan.Sessions.Single(s => s.SessionId == "r").SetpointW.Should().Be(10_000);
        plan.Batteries.Single().SetpointW.Should().Be(-8_000);
    }

    [Fact]
    public void Refuses_a_battery_on_an_unknown_circuit_or_with_a_reserve_above_its_capacity()
    {
        var snapshot = Groups.Group(1, [Groups.Root(1, 10_000)], []);
        FluentActions.Invoking(() => BatteryAllocator.Plan(snapshot, [Battery(1_000, circuit: "nowhere")]))
            .Should().Throw<SnapshotValidationException>().WithMessage("*unknown circuit 'nowhere'*");
        FluentActions.Invoking(() => BatteryAllocator.Plan(snapshot, [Battery(1_000, reserveWh: 60_000)]))
            .Should().Throw<SnapshotValidationException>().WithMessage("*reserve*above its capacity*");
    }
}
