using Xunit.Abstractions;

namespace OliMove.Scheduling.Tests;

/// <summary>
/// Price and CO₂ signals over seeded random groups (decision 0272): re-planned slot by slot with random prices, a
/// demand charge and a peak so far, no limit is exceeded and every accepted request is met; with flat prices and no
/// demand charge the plan is the plan without signals, byte for byte.
/// </summary>
public class PriceSignalPropertyTests(ITestOutputHelper output)
{
    private const int Groups = 3000;

    private static EnergySignals RandomSignals(Random r, int horizon)
    {
        var objective = r.Next(4) == 0 ? PlacementObjective.Co2 : PlacementObjective.Cost;
        long[] Series(int levels, long unit) => Enumerable.Range(0, horizon).Select(_ => (long)r.Next(0, levels) * unit).ToArray();
        return new EnergySignals(
            objective,
            Series(5, 20_000),
            r.Next(2) == 0 ? Series(3, 10_000) : null,
            objective == PlacementObjective.Co2 || r.Next(2) == 0 ? Series(6, 50) : null,
            r.Next(3) == 0 ? 0 : 15_510_000,
            (long)r.Next(0, 60) * 100);
    }

    [Fact]
    public void Signals_never_break_a_limit_or_an_accepted_request()
    {
        int accepted = 0, plans = 0, costPlans = 0;
        for (int seed = 0; seed < Groups; seed++)
        {
            var world = RandomWorld.Create(seed, phases: seed % 2 == 0, minimum: seed % 3 != 0);
            var r = new Random(1_000_000 + seed);
            var deliveredJ = world.Evs.ToDictionary(e => e.Id, _ => 0L);
            for (int t = 0; t < world.Horizon; t++)
            {
                foreach (var ev in world.Evs.Where(e => e.ArriveSlot == t && e.WantsGuarantee))
                {
                    var decision = AdmissionControl.Evaluate(world.SnapshotAt(t), world.SessionOf(ev));
                    ev.Accepted = decision.Accepted;
                    accepted += decision.Accepted ? 1 : 0;
                }
                var plain = world.SnapshotAt(t);
                var snapshot = plain with { Signals = RandomSignals(r, plain.HorizonSlots) };
                var plan = SlotAllocator.Plan(snapshot);
                plans++;
                costPlans += CanonicalJson.PlanHash(plan) != CanonicalJson.PlanHash(SlotAllocator.Plan(plain)) ? 1 : 0;
                PlanChecker.Violation(snapshot, plan).Should().BeNull($"seed {seed}, slot {t}");
                foreach (var sp in plan.Sessions)
                {
                    var ev = world.Evs.Single(e => e.Id == sp.SessionId);
                    deliveredJ[ev.Id] += sp.SetpointW * world.SlotSeconds;
                    ev.DeliveredWh = deliveredJ[ev.Id] / 3600;
                }
            }
            foreach (var ev in world.Evs.Where(e => e.Accepted))
                deliveredJ[ev.Id].Should().BeGreaterThanOrEqualTo(ev.NeedWh * 3600, $"seed {seed}: accepted {ev.Id} must be met under signals");
        }
        output.WriteLine($"{Groups} groups, {plans} plans ({costPlans} differ from the plan without signals), {accepted} accepted requests, all met");
        accepted.Should().BeGreaterThan(Groups / 2, "the generator must exercise admission");
        costPlans.Should().BeGreaterThan(plans / 20, "the signals must change plans, or this tests nothing");
    }

    [Fact]
    public void Flat_prices_without_a_demand_charge_plan_exactly_as_without_signals()
    {
        int compared = 0;
        for (int seed = 0; seed < Groups; seed++)
        {
            var world = RandomWorld.Create(seed, phases: seed % 2 == 0, minimum: seed % 3 != 0);
            var plain = world.SnapshotAt(0);
            int h = plain.HorizonSlots;
            var flat = new EnergySignals(seed % 2 == 0 ? PlacementObjective.Cost : PlacementObjective.Co2,
                Enumerable.Repeat(60_870L, h).ToArray(), null, Enumerable.Repeat(250L, h).ToArray(), 0, 1234);
            var withSignals = plain with { Signals = flat };

            CanonicalJson.Plan(SlotAllocator.Plan(withSignals)).Should().Be(CanonicalJson.Plan(SlotAllocator.Plan(plain)), $"seed {seed}");
            compared++;
        }
        output.WriteLine($"{compared} groups: flat signals plan byte for byte as none");
    }
}
