using OliMove.Scheduling.Baselines;
using static OliMove.Scheduling.Tests.Groups;

namespace OliMove.Scheduling.Tests;

public class BaselineTests
{
    [Fact]
    public void Plain_EDF_serves_the_earliest_deadline_at_full_rate_and_misses_the_counter_example()
    {
        // Capacity 2 per slot; A needs 2 within 2 slots at max 2; B needs 3 within 3 slots at max 1 (1 unit = 1 kW, 1 h).
        var group = Group(3, [Root(3, 2000)],
        [
            Session("A", maxW: 2000, needWh: 2000, departSlot: 2),
            Session("B", maxW: 1000, needWh: 3000, departSlot: 3),
        ]);

        var plan = new EarliestDeadlineFirst().Plan(group);

        plan.Sessions.Single(s => s.SessionId == "A").PowerW.Should().Equal(2000, 0, 0);
        var b = plan.Sessions.Single(s => s.SessionId == "B");
        b.PowerW.Should().Equal(0, 1000, 1000);
        b.PlannedWh.Should().Be(2000, "plain EDF leaves B one unit short, which the allocator does not");
        b.Status.Should().Be(SessionStatus.NotGuaranteed);
        SlotAllocator.Plan(group).Sessions.Single(s => s.SessionId == "B").PlannedWh.Should().Be(3000);
    }

    [Fact]
    public void Plain_LLF_serves_the_session_with_the_least_slack_first_where_EDF_serves_the_earliest_deadline()
    {
        // Capacity 1 kW. A leaves after slot 0 and needs 0.5 kWh (slack half a slot); B needs 2 kWh in 2 slots (no slack).
        var group = Group(2, [Root(2, 1000)],
        [
            Session("A", maxW: 1000, needWh: 500, departSlot: 1, accepted: false),
            Session("B", maxW: 1000, needWh: 2000, departSlot: 2, accepted: false),
        ]);

        var llf = new LeastLaxityFirst().Plan(group);
        var edf = new EarliestDeadlineFirst().Plan(group);

        llf.Sessions.Single(s => s.SessionId == "B").PowerW.Should().Equal(1000, 1000);
        llf.Sessions.Single(s => s.SessionId == "A").PowerW.Should().Equal(0, 0);
        edf.Sessions.Single(s => s.SessionId == "A").PowerW.Should().Equal(500, 0);
        edf.Sessions.Single(s => s.SessionId == "B").PowerW.Should().Equal(500, 1000);
    }

    [Fact]
    public void Plain_LLF_serves_sessions_that_declared_no_energy_last()
    {
        var group = Group(1, [Root(1, 3000)],
        [
            Session("walkin", maxW: 3000, needWh: null, departSlot: 0, optedIn: false),
            Session("smart", maxW: 2000, needWh: 5000, departSlot: 1, accepted: false),
        ]);

        var plan = new LeastLaxityFirst().Plan(group);

        plan.Sessions.Single(s => s.SessionId == "smart").PowerW.Should().Equal(2000);
        plan.Sessions.Single(s => s.SessionId == "walkin").PowerW.Should().Equal(1000);
    }

    [Fact]
    public void Baselines_never_exceed_a_limit_and_keep_every_power_zero_or_within_min_and_max()
    {
        IChargingAlgorithm[] baselines = [new EarliestDeadlineFirst(), new LeastLaxityFirst()];
        long planned = 0;
        for (int seed = 0; seed < 1000; seed++)
        {
            var world = RandomWorld.Create(700_000 + seed, phases: seed % 2 == 0, minimum: seed % 3 != 0, maxEvs: 8, maxHorizon: 24);
            var snapshot = world.SnapshotAt(world.Horizon / 3);
            foreach (var baseline in baselines)
            {
                var plan = baseline.Plan(snapshot);
                PlanChecker.Violation(snapshot, plan).Should().BeNull($"{baseline.Name}, seed {seed}");
                planned += plan.Sessions.Sum(s => s.PowerW.Sum());
            }
        }
        planned.Should().BeGreaterThan(0, "the random groups must give the baselines something to plan");
    }

    [Fact]
    public void The_allocator_behind_the_shared_interface_plans_exactly_as_SlotAllocator()
    {
        IChargingAlgorithm allocator = new LayeredAllocator();
        for (int seed = 0; seed < 200; seed++)
        {
            var snapshot = RandomWorld.Create(800_000 + seed, phases: true, minimum: true, maxEvs: 8, maxHorizon: 24).SnapshotAt(0);
            CanonicalJson.PlanHash(allocator.Plan(snapshot)).Should().Be(CanonicalJson.PlanHash(SlotAllocator.Plan(snapshot)), $"seed {seed}");
        }
        allocator.Name.Should().Be("allocator");
    }
}
