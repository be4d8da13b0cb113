using Xunit.Abstractions;

namespace OliMove.Scheduling.Tests;

/// <summary>
/// Properties of phase switching (decisions 0324, 0325) over seeded random groups with phase limits, 1/3-phase
/// mixes and the 6 A minimum: some 3-phase chargers switch to one phase. The allocator re-plans every slot with the
/// phases its last plan chose (the hysteresis state), each EV draws what it is offered.
/// </summary>
public class PhaseSwitchingPropertyTests(ITestOutputHelper output)
{
    private const int Groups = 3_000;

    /// <summary>Re-planned slot by slot with admission: about 10 s of CI time on a loaded machine.</summary>
    private const int SimulatedGroups = 800;

    [Fact]
    public void With_switching_on_no_limit_is_exceeded_every_accepted_request_is_met_and_paused_cars_charge_at_one_phase()
    {
        int plans = 0, onePhaseSetpoints = 0, accepted = 0;
        for (int seed = 0; seed < SimulatedGroups; seed++)
        {
            var world = RandomWorld.Create(500_000 + seed, phases: true, minimum: true);
            var r = new Random(seed);
            // About half the 3-phase EVs sit on a charger that switches, to a random phase.
            var switchPhase = world.Evs.ToDictionary(e => e.Id, e => e.Phases == 3 && r.Next(2) == 0 ? r.Next(1, 4) : 0);
            var onOnePhase = world.Evs.ToDictionary(e => e.Id, _ => false);
            var deliveredJ = world.Evs.ToDictionary(e => e.Id, _ => 0L);
            SessionSnapshot WithSwitch(SessionSnapshot x) => x with { SwitchesToPhase = switchPhase[x.SessionId], SwitchedToOnePhase = onOnePhase[x.SessionId] };
            GroupSnapshot At(int t)
            {
                var s = world.SnapshotAt(t);
                return s with { Sessions = [.. s.Sessions.Select(WithSwitch)] };
            }
            for (int t = 0; t < world.Horizon; t++)
            {
                foreach (var ev in world.Evs.Where(e => e.ArriveSlot == t && e.WantsGuarantee))
                {
                    ev.Accepted = AdmissionControl.Evaluate(At(t), WithSwitch(world.SessionOf(ev))).Accepted;
                    accepted += ev.Accepted ? 1 : 0;
                }
                var snapshot = At(t);
                var plan = SlotAllocator.Plan(snapshot);
                plans++;
                PlanChecker.Violation(PlannedPhases.AsPlanned(snapshot, plan), plan).Should().BeNull($"seed {seed}, slot {t}");
                if (seed % 10 == 0)
                    CanonicalJson.PlanHash(SlotAllocator.Plan(snapshot)).Should().Be(CanonicalJson.PlanHash(plan), $"seed {seed}, slot {t}: the same snapshot plans the same");
                foreach (var sp in plan.Sessions)
                {
                    deliveredJ[sp.SessionId] += sp.SetpointW * world.SlotSeconds;
                    world.Evs.Single(e => e.Id == sp.SessionId).DeliveredWh = deliveredJ[sp.SessionId] / 3600;
                    if (sp.Phases is { } phases)
                    {
                        onOnePhase[sp.SessionId] = phases == 1;
                        onePhaseSetpoints += phases == 1 && sp.SetpointW > 0 ? 1 : 0;
                    }
                }
            }
            foreach (var ev in world.Evs.Where(e => e.Accepted))
                deliveredJ[ev.Id].Should().BeGreaterThanOrEqualTo(ev.NeedWh * 3600, $"seed {seed}: accepted {ev.Id} must be met");
        }
        output.WriteLine($"{SimulatedGroups} groups, {plans} plans, {accepted} accepted, {onePhaseSetpoints} setpoints at one phase");
        onePhaseSetpoints.Should().BeGreaterThan(SimulatedGroups / 20, "the generator must exercise switching");
        accepted.Should().BeGreaterThan(SimulatedGroups / 4, "the generator must exercise admission");
    }

    [Fact]
    public void A_plan_that_switches_nobody_is_the_plan_without_switching()
    {
        int unswitched = 0;
        for (int seed = 0; seed < Groups; seed++)
        {
            var world = RandomWorld.Create(700_000 + seed, phases: seed % 2 == 0, minimum: true);
            var plain = world.SnapshotAt(0);
            var switchable = plain with { Sessions = [.. plain.Sessions.Select(x => x.Phases == 3 ? x with { SwitchesToPhase = 1 + (seed % 3) } : x)] };
            var plan = SlotAllocator.Plan(switchable);
            if (plan.Sessions.Any(p => p.Phases == 1))
                continue;
            unswitched++;
            var expected = SlotAllocator.Plan(plain);
            plan.Sessions.Select(p => (p.SessionId, p.PowerW, p.Status)).Should().BeEquivalentTo(
                expected.Sessions.Select(p => (p.SessionId, p.PowerW, p.Status)), o => o.WithStrictOrdering(), $"seed {seed}");
        }
        unswitched.Should().BeGreaterThan(Groups / 4);
    }

    [Fact]
    public void Every_accepted_request_on_track_without_switching_is_on_track_with_it()
    {
        int switched = 0;
        for (int seed = 0; seed < Groups; seed++)
        {
            var world = RandomWorld.Create(900_000 + seed, phases: true, minimum: true, maxEvs: 6);
            foreach (var ev in world.Evs)
                ev.Accepted = ev.WantsGuarantee;
            var plain = world.SnapshotAt(0);
            if (!AdmissionControl.AcceptedSetIsFeasible(plain))
                continue;
            var switchable = plain with { Sessions = [.. plain.Sessions.Select(x => x.Phases == 3 ? x with { SwitchesToPhase = 1 + (seed % 3) } : x)] };
            var without = SlotAllocator.Plan(plain).Sessions.ToDictionary(p => p.SessionId);
            var with = SlotAllocator.Plan(switchable);
            switched += with.Sessions.Count(p => p.Phases == 1);
            foreach (var p in with.Sessions.Where(p => without[p.SessionId].Status == SessionStatus.OnTrack && p.NeedWh is not null))
                p.Status.Should().Be(SessionStatus.OnTrack, $"seed {seed}: {p.SessionId}");
        }
        switched.Should().BeGreaterThan(0);
    }
}
