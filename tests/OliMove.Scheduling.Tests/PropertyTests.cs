
using Xunit.Abstractions;

namespace OliMove.Scheduling.Tests;
/// <summary>
/// Properties over seeded random groups (nested circuits, 1/3-phase mixes, PV surplus, the 6 A minimum). Each EV
/// asks for admission when it plugs in; the allocator re-plans every slot and each EV draws what it is offered.
/// </summary>
public class PropertyTests(ITestOutputHelper output)
{
    private const int Groups = 10_000;

    [Fact]
    public void Over_10000_random_groups_no_limit_is_exceeded_and_every_accepted_request_is_met()
    {
        int accepted = 0, plans = 0;
        for (int seed = 0; seed < Groups; seed++)
        {
            var world = RandomWorld.Create(seed, phases: seed % 2 == 0, minimum: seed % 3 != 0);
            var deliveredJ = world.Evs.ToDictionary(e => e.Id, _ => 0L);
            for (int t = 0; t < world.Horizon; t++)
            {
                foreach (var ev in world.Evs.Where(e => e.ArriveSlot == t && e.WantsGuarantee))
                {
                    var decision = AdmissionControl.Evaluate(world.SnapshotAt(t), world.SessionOf(ev));
                    ev.Accepted = decision.Accepted;
                    accepted += decision.Accepted ? 1 : 0;
                }
                var snapshot = world.SnapshotAt(t);
                var plan = SlotAllocator.Plan(snapshot);
                plans++;
                PlanChecker.Violation(snapshot, plan).Should().BeNull($"seed {seed}, slot {t}");
                foreach (var sp in plan.Sessions)
                {
                    var ev = world.Evs.Single(e => e.Id == sp.SessionId);
                    deliveredJ[ev.Id] += sp.SetpointW * world.SlotSeconds;
                    ev.DeliveredWh = deliveredJ[ev.Id] / 3600;
                }
            }
            foreach (var ev in world.Evs.Where(e => e.Accepted))
                deliveredJ[ev.Id].Should().BeGreaterThanOrEqualTo(ev.NeedWh * 3600, $"seed {seed}: accepted {ev.Id} must be met");
        }
        output.WriteLine($"{Groups} groups, {plans} plans, {accepted} accepted requests, all met");
        accepted.Should().BeGreaterThan(Groups / 2, "the generator must exercise admission");
        plans.Should().BeGreaterThan(Groups);
    }

    [Fact]
    public void Admission_matches_an_independent_LP_exactly_on_totals_without_a_minimum()
    {
        int accepted = 0, refused = 0;
        for (int seed = 0; seed < 1500; seed++)
        {
            var world = RandomWorld.Create(100_000 + seed, phases: false, minimum: false, maxEvs: 4, maxHorizon: 5);
            var snapshot = AllAtStart(world);
            var sessions = snapshot.Sessions.ToList();
            foreach (var ev in world.Evs.Where(e => e.WantsGuarantee))
            {
                var request = world.SessionOf(ev);
                var decision = AdmissionControl.Evaluate(snapshot with { Sessions = sessions }, request);
                var withRequest = sessions.Where(s => s.Accepted).Append(request with { Accepted = true });
                bool lp = LpOracle.Feasible(snapshot, withRequest, withMinimum: false);
                decision.Accepted.Should().Be(lp, $"seed {100_000 + seed}, {ev.Id}");
                if (decision.Accepted)
                {
                    accepted++;
                    sessions = sessions.Select(s => s.SessionId == ev.Id ? s with { Accepted = true } : s).ToList();
                    continue;
                }
                refused++;
                CheckCounterOffers(snapshot, sessions.Where(s => s.Accepted).ToList(), request, decision, $"seed {100_000 + seed}, {ev.Id}");
            }
        }
        output.WriteLine($"{accepted} accepted and {refused} refused, all as the LP says; counter-offers exact");
        accepted.Should().BeGreaterThan(300);
        refused.Should().BeGreaterThan(300);
    }

    [Fact]
    public void Admission_never_accepts_an_infeasible_set_with_phases_and_the_minimum_current()
    {
        int accepted = 0, refused = 0, refusedButFeasible = 0;
        for (int seed = 0; seed < 600; seed++)
        {
            var world = RandomWorld.Create(200_000 + seed, phases: true, minimum: true, maxEvs: 4, maxHorizon: 4);
            var snapshot = AllAtStart(world);
            var sessions = snapshot.Sessions.ToList();
            foreach (var ev in world.Evs.Where(e => e.WantsGuarantee))
            {
                var request = world.SessionOf(ev);
                var decision = AdmissionControl.Evaluate(snapshot with { Sessions = sessions }, request);
                var withRequest = sessions.Where(s => s.Accepted).Append(request with { Accepted = true }).ToList();
                bool milp = LpOracle.Feasible(snapshot, withRequest, withMinimum: true);
                if (decision.Accepted)
                {
                    milp.Should().BeTrue($"seed {200_000 + seed}: admission accepted {ev.Id}, so a schedule must exist");
                    accepted++;
                    sessions = sessions.Select(s => s.SessionId == ev.Id ? s with { Accepted = true } : s).ToList();
                }
                else
                {
                    refused++;
                    refusedButFeasible += milp ? 1 : 0;
                }
            }
        }
        output.WriteLine($"{accepted} accepted (all MILP-feasible), {refused} refused, of which {refusedButFeasible} MILP-feasible");
        accepted.Should().BeGreaterThan(100);
        // Recorded, not hidden: with phase limits above a leaf or the minimum current the test is sound but a
        // heuristic settlement; see docs/decisions/0030. The rate stays small.
        ((double)refusedButFeasible / Math.Max(1, refused)).Should().BeLessThan(0.05, $"{refusedButFeasible} of {refused} refusals were feasible");
    }

    private static void CheckCounterOffers(GroupSnapshot snapshot, List<SessionSnapshot> accepted, SessionSnapshot request, AdmissionDecision decision, string because)
    {
        if (decision.MaxEnergyWhByDeparture is { } energy)
        {
            LpOracle.Feasible(snapshot, accepted.Append(request with { EnergyRequestedWh = energy }), false).Should().BeTrue(because);
            LpOracle.Feasible(snapshot, accepted.Append(request with { EnergyRequestedWh = energy + 1 }), false).Should().BeFalse(because);
        }
        else
        {
            LpOracle.Feasible(snapshot, accepted, false).Should().BeFalse(because + ": no offer only when the accepted set alone is infeasible");
        }
        if (decision.EarliestDepartureForEnergy is { } departure)
        {
            LpOracle.Feasible(snapshot, accepted.Append(request with { DeclaredDeparture = departure }), false).Should().BeTrue(because);
            LpOracle.Feasible(snapshot, accepted.Append(request with { DeclaredDeparture = departure.AddSeconds(-snapshot.SlotSeconds) }), false).Should().BeFalse(because);
        }
        else
        {
            var end = snapshot.SlotStart.AddSeconds((long)snapshot.SlotSeconds * snapshot.HorizonSlots);
            LpOracle.Feasible(snapshot, accepted.Append(request with { DeclaredDeparture = end }), false).Should().BeFalse(because);
        }
    }

    /// <summary>All EVs in one snapshot at slot 0, future arrivals included, none accepted yet.</summary>
    private static GroupSnapshot AllAtStart(RandomWorld world) =>
        new("g", world.SlotTime(0), world.SlotSeconds, world.Horizon, world.Circuits, world.Evs.Select(world.SessionOf).ToArray());
}
