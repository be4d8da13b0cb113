namespace OliMove.Scheduling.Tests;

/// <summary>Chargers that switch between 3 phases and 1 (decisions 0324, 0325), at 230 V, 6–32 A.</summary>
public class PhaseSwitchingTests
{
    private const long Min3 = 4_140; // 6 A × 3 × 230 V
    private const long Max3 = 22_080; // 32 A × 3 × 230 V

    private static SessionSnapshot Switchable(string id, long? needWh, int departSlot, bool accepted = false, bool optedIn = true, bool switched = false, int phase = 1, int arriveSlot = 0)
    {
        var session = Groups.Session(id, Max3, needWh, departSlot, slotSeconds: 900, accepted: accepted, optedIn: optedIn, minW: Min3, phases: 3, arriveSlot: arriveSlot);
        return session with { SwitchesToPhase = phase, SwitchedToOnePhase = switched };
    }

    private static GroupSnapshot Tight(long guaranteedW, params SessionSnapshot[] sessions) =>
        Groups.Group(8, [Groups.Root(8, guaranteedW)], sessions, slotSeconds: 900);

    [Fact]
    public void A_car_that_three_phases_would_pause_charges_at_one_phase()
    {
        // 3 kW left: below the 3-phase minimum (4.14 kW), above the 1-phase one (1.38 kW).
        var snapshot = Tight(3_000, Switchable("a", 20_000, 8));

        var plan = SlotAllocator.Plan(snapshot);

        var a = plan.Sessions.Single();
        a.Phases.Should().Be(1);
        a.SetpointW.Should().BeInRange(1_380, 3_000);
        PlanChecker.Violation(PlannedPhases.AsPlanned(snapshot, plan), plan).Should().BeNull();
    }

    [Fact]
    public void Without_switching_the_same_car_is_paused()
    {
        var snapshot = Tight(3_000, Switchable("a", 20_000, 8) with { SwitchesToPhase = 0 });

        var a = SlotAllocator.Plan(snapshot).Sessions.Single();

        a.SetpointW.Should().Be(0);
        a.Phases.Should().BeNull("only a switchable session says its phases");
    }

    [Fact]
    public void A_car_with_room_for_three_phases_stays_at_three()
    {
        var a = SlotAllocator.Plan(Tight(11_000, Switchable("a", 20_000, 8))).Sessions.Single();

        a.Phases.Should().Be(3);
        a.SetpointW.Should().BeGreaterThanOrEqualTo(Min3);
    }

    [Fact]
    public void At_one_phase_a_car_stays_there_while_three_phases_would_give_less_than_its_one_phase_maximum()
    {
        // 6 kW: three phases could run (≥ 4.14 kW) but give less than the 1-phase maximum (7.36 kW): hysteresis keeps 1.
        var a = SlotAllocator.Plan(Tight(6_000, Switchable("a", 20_000, 8, switched: true))).Sessions.Single();

        a.Phases.Should().Be(1);
        a.SetpointW.Should().Be(6_000);
    }

    [Fact]
    public void At_one_phase_a_car_goes_back_to_three_when_three_give_at_least_its_one_phase_maximum()
    {
        var a = SlotAllocator.Plan(Tight(9_000, Switchable("a", 20_000, 8, switched: true))).Sessions.Single();

        a.Phases.Should().Be(3);
        a.SetpointW.Should().Be(9_000);
    }

    [Fact]
    public void At_three_phases_a_car_does_not_switch_in_the_hysteresis_band()
    {
        var a = SlotAllocator.Plan(Tight(6_000, Switchable("a", 20_000, 8))).Sessions.Single();

        a.Phases.Should().Be(3);
        a.SetpointW.Should().Be(6_000);
    }

    [Fact]
    public void A_switch_that_would_break_an_accepted_request_is_not_made()
    {
        // a is accepted for 10 kWh by its departure in 4 slots. Three phases pause it now (3 kW < 4.14 kW) and meet
        // it later; one phase for the whole horizon (at most 7.36 kW) would not: the promise wins.
        var a = Switchable("a", needWh: 10_000, departSlot: 4, accepted: true);
        var snapshot = Groups.Group(4, [new CircuitSnapshot("root", null, [3_000, 22_080, 22_080, 22_080], [0, 0, 0, 0])], [a], slotSeconds: 900);

        var plan = SlotAllocator.Plan(snapshot).Sessions.Single();

        plan.Status.Should().Be(SessionStatus.OnTrack);
        plan.Phases.Should().Be(3, "at one phase (at most 7.36 kW) it would not meet its request by its departure");
    }

    [Fact]
    public void At_one_phase_the_car_loads_only_its_switch_phase_so_a_full_phase_elsewhere_does_not_stop_it()
    {
        // L1 is full; L2 has 3 kW. A 3-phase car gets nothing (every phase); switched to L2 it charges.
        var circuit = new CircuitSnapshot("root", null, Groups.Flat(8, 30_000), Groups.Flat(8, 0),
            new PhaseSeries(Groups.Flat(8, 0), Groups.Flat(8, 3_000), Groups.Flat(8, 7_000)));
        var snapshot = Groups.Group(8, [circuit], [Switchable("a", 20_000, 8, phase: 2)], slotSeconds: 900);

        var plan = SlotAllocator.Plan(snapshot);

        var a = plan.Sessions.Single();
        a.Phases.Should().Be(1);
        a.SetpointW.Should().BeInRange(1_380, 3_000);
        PlanChecker.Violation(PlannedPhases.AsPlanned(snapshot, plan), plan).Should().BeNull();
    }

    [Fact]
    public void A_car_that_cannot_charge_even_at_one_phase_is_not_switched()
    {
        var a = SlotAllocator.Plan(Tight(1_000, Switchable("a", 20_000, 8))).Sessions.Single();

        a.SetpointW.Should().Be(0);
        a.Phases.Should().Be(3, "a switch that still leaves the car paused only costs a contactor cycle");
    }

    [Fact]
    public void A_car_that_is_not_here_yet_is_not_switched()
    {
        var a = SlotAllocator.Plan(Tight(3_000, Switchable("a", 20_000, 8, arriveSlot: 2))).Sessions.Single();

        a.Phases.Should().Be(3);
    }

    [Fact]
    public void A_snapshot_without_switchable_sessions_keeps_its_canonical_bytes_and_plan()
    {
        var plain = Tight(3_000, Switchable("a", 20_000, 8) with { SwitchesToPhase = 0 });

        CanonicalJson.Snapshot(plain).Should().NotContain("switch");
        CanonicalJson.Plan(SlotAllocator.Plan(plain)).Should().NotContain("\"phases\"");
    }

    [Fact]
    public void The_switch_fields_are_hashed_and_read_back()
    {
        var snapshot = Tight(3_000, Switchable("a", 20_000, 8, switched: true, phase: 3));

        var json = CanonicalJson.Snapshot(snapshot);
        json.Should().Contain("\"switchesToPhase\":3,\"switchedToOnePhase\":true");
        CanonicalJson.SnapshotHash(SnapshotJsonReader.Read(json)).Should().Be(CanonicalJson.SnapshotHash(snapshot));
        CanonicalJson.SnapshotHash(snapshot with { Sessions = [snapshot.Sessions[0] with { SwitchedToOnePhase = false }] })
            .Should().NotBe(CanonicalJson.SnapshotHash(snapshot), "the hysteresis state is an input of the plan");
        CanonicalJson.Plan(SlotAllocator.Plan(snapshot)).Should().Contain("\"phases\":1");
    }

    [Theory]
    [InlineData(4, false, "switchesToPhase 4")]
    [InlineData(0, true, "cannot switch")]
    public void Bad_switch_fields_are_refused(int phase, bool switched, string message)
    {
        var snapshot = Tight(3_000, Switchable("a", 20_000, 8) with { SwitchesToPhase = phase, SwitchedToOnePhase = switched });

        var act = () => SlotAllocator.Plan(snapshot);

        act.Should().Throw<SnapshotValidationException>().WithMessage($"*{message}*");
    }

    [Fact]
    public void A_one_phase_session_cannot_be_switchable()
    {
        var snapshot = Tight(3_000, Groups.Session("a", 7_360, 10_000, 8, slotSeconds: 900, phases: 1) with { SwitchesToPhase = 1 });

        var act = () => SlotAllocator.Plan(snapshot);

        act.Should().Throw<SnapshotValidationException>().WithMessage("*only switch to one phase from three*");
    }
}
