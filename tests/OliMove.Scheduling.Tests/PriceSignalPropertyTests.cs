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
    public void Feed_in_prices_below_every_import_price_plan_exactly_as_without_them()
    {
        int compared = 0;
        for (int seed = 0; seed < Groups; seed += 3)
        {
            var world = RandomWorld.Create(seed, phases: seed % 2 == 0, minimum: seed % 3 != 0);
            var plain = world.SnapshotAt(0);
            var r = new Random(2_000_000 + seed);
            var signals = RandomSignals(r, plain.HorizonSlots) with { Objective = PlacementObjective.Cost, FeedInPriceMicrosPerKWh = null };
            long cheapest = signals.ImportPriceMicrosPerKWh!.Min();
            var below = signals with { FeedInPriceMicrosPerKWh = [.. signals.ImportPriceMicrosPerKWh!.Select(_ => cheapest > 0 ? r.NextInt64(0, cheapest) : 0)] };
            if (cheapest == 0)
                continue;

            CanonicalJson.Plan(SlotAllocator.Plan(plain with { Signals = below })).Should().Be(CanonicalJson.Plan(SlotAllocator.Plan(plain with { Signals = signals })), $"seed {seed}");
            compared++;
        }
        compared.Should().BeGreaterThan(100);
        output.WriteLine($"{compared} groups: feed-in below every import price plans byte for byte as none");
    }

    [Fact]
    public void PV_surplus_taken_never_costs_more_at_feed_in_prices_than_where_the_plan_without_them_puts_it()
    {
        // One EV, a fixed feed-in price, no demand charge, no limit that binds: then the placement by cost is exact, so
        // the plan's energy cost with PV valued at its feed-in price is never above the plan that takes PV first.
        int cheaper = 0, compared = 0;
        for (int seed = 0; seed < 400; seed++)
        {
            var r = new Random(3_000_000 + seed);
            int h = r.Next(2, 9);
            long[] Series(long unit) => Enumerable.Range(0, h).Select(_ => (long)r.Next(0, 8) * unit).ToArray();
            var surplus = Enumerable.Range(0, h).Select(_ => r.Next(2) == 0 ? 0L : 6000).ToArray();
            var root = new CircuitSnapshot("root", null, Tests.Groups.Flat(h, 50_000), surplus);
            long max = 4000 + r.Next(0, 3) * 1000;
            var g = Tests.Groups.Group(h, [root], [Tests.Groups.Session("a", max, max * r.Next(1, h + 1) / 2, h, accepted: false)]);
            var import = Series(10_000);
            var feedIn = Tests.Groups.Flat(h, r.Next(0, 8) * 10_000L);
            var withFeedIn = new EnergySignals(PlacementObjective.Cost, import, feedIn, null, 0, 0);
            var planned = SlotAllocator.Plan(g with { Signals = withFeedIn }).Sessions.Single();
            var pvFirst = SlotAllocator.Plan(g with { Signals = withFeedIn with { FeedInPriceMicrosPerKWh = null } }).Sessions.Single();
            long Cost(IReadOnlyList<long> power) => Enumerable.Range(0, h).Sum(t => power[t] * (surplus[t] > 0 ? feedIn[t] : import[t]));

            planned.PlannedWh.Should().Be(pvFirst.PlannedWh, $"seed {seed}: the feed-in price moves energy, never drops it");
            Cost(planned.PowerW).Should().BeLessThanOrEqualTo(Cost(pvFirst.PowerW), $"seed {seed}");
            cheaper += Cost(planned.PowerW) < Cost(pvFirst.PowerW) ? 1 : 0;
            compared++;
        }
        output.WriteLine($"{compared} groups, {cheaper} cheaper at feed-in prices than PV first");
        cheaper.Should().BeGreaterThan(20, "feed-in prices above some import price must change choices, or this tests nothing");
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
