using Xunit.Abstractions;

namespace OliMove.Scheduling.Tests;

/// <summary>
/// The allocator's guarantees on large instances: horizons up to 96 five-minute slots, up to 20 EVs on nested
/// circuits, re-planned every slot; each EV asks for admission when it plugs in, and every third EV is a car that
/// takes at most 60 % of its connector's max whatever it is offered, so its max as seen follows
/// <see cref="VehicleRampdown"/>. <see cref="PropertyTests"/> covers small groups (≤ 5 EVs, ≤ 6 slots).
/// </summary>
public class LargeInstancePropertyTests(ITestOutputHelper output)
{
    private const int Worlds = 40;

    [Fact]
    public void With_long_horizons_5_minute_slots_phases_the_minimum_and_rampdown_no_limit_is_exceeded_and_every_power_is_zero_or_within_min_and_max()
    {
        var run = Simulate(seed => RandomWorld.Create(900_000 + seed, phases: seed % 2 == 0, minimum: seed % 3 != 0, maxEvs: 20, maxHorizon: 96, slotSeconds: 300));

        run.Violations.Should().BeEmpty();
        run.Plans.Should().BeGreaterThan(Worlds * 20, "the horizons must be long");
        run.Rampdowns.Should().BeGreaterThan(0, "some EVs must draw less than offered");
    }

    [Fact]
    public void With_long_horizons_and_5_minute_slots_every_accepted_request_is_met_on_totals_when_every_EV_draws_its_offer()
    {
        // Totals only (no phase limits, no minimum current): where admission's max-flow is exact (decision 0030).
        var run = Simulate(seed => RandomWorld.Create(910_000 + seed, phases: false, minimum: false, maxEvs: 20, maxHorizon: 96, slotSeconds: 300), rampdown: false);

        run.Violations.Should().BeEmpty();
        run.MissedAccepted.Should().BeEmpty();
        run.Accepted.Should().BeGreaterThan(Worlds, "the generator must exercise admission");
    }

    [Fact]
    public void With_rampdown_every_accepted_request_of_an_EV_that_draws_its_offer_is_still_met_on_totals()
    {
        var run = Simulate(seed => RandomWorld.Create(910_000 + seed, phases: false, minimum: false, maxEvs: 20, maxHorizon: 96, slotSeconds: 300));

        run.MissedAccepted.Should().BeEmpty();
    }

    [Fact(Skip = "Known gap (docs/decisions/0182): with the minimum current or phase limits, groups of up to 20 EVs miss "
        + "accepted requests of EVs that draw their offer (seeds 900004, 900013, 900014, 900047, 900048, 900054 of this run); "
        + "fixing it changes plans, which the restructuring of issue 22 must not. Unskip when the allocator is fixed.")]
    public void With_the_minimum_current_every_accepted_request_of_an_EV_that_draws_its_offer_is_met_in_large_groups()
    {
        var run = Simulate(seed => RandomWorld.Create(900_000 + seed, phases: false, minimum: true, maxEvs: 20, maxHorizon: 96, slotSeconds: 900), worlds: 60, rampdown: false);

        run.MissedAccepted.Should().BeEmpty();
    }

    private sealed record Run(int Plans, int Accepted, int Rampdowns, List<string> Violations, List<string> MissedAccepted);

    private Run Simulate(Func<int, RandomWorld> create, int worlds = Worlds, bool rampdown = true)
    {
        var run = new Run(0, 0, 0, [], []);
        int plans = 0, accepted = 0, rampdowns = 0;
        var parameters = new RampdownParameters();
        for (int seed = 0; seed < worlds; seed++)
        {
            var world = create(seed);
            var carLimitW = world.Evs.Select((e, i) => (e.Id, Limit: rampdown && i % 3 == 2 ? e.MaxW * 6 / 10 : e.MaxW)).ToDictionary(x => x.Id, x => x.Limit);
            var deliveredJ = world.Evs.ToDictionary(e => e.Id, _ => 0L);
            for (int t = 0; t < world.Horizon; t++)
            {
                foreach (var ev in world.Evs.Where(e => e.ArriveSlot == t && e.WantsGuarantee))
                {
                    ev.Accepted = AdmissionControl.Evaluate(world.SnapshotAt(t), world.SessionOf(ev)).Accepted;
                    accepted += ev.Accepted ? 1 : 0;
                }
                var snapshot = world.SnapshotAt(t);
                var plan = SlotAllocator.Plan(snapshot);
                plans++;
                if (PlanChecker.Violation(snapshot, plan) is { } violation)
                    run.Violations.Add($"seed {seed}, slot {t}: {violation}");
                foreach (var sp in plan.Sessions)
                {
                    var ev = world.Evs.Single(e => e.Id == sp.SessionId);
                    long drawn = Math.Min(sp.SetpointW, carLimitW[ev.Id]);
                    deliveredJ[ev.Id] += drawn * world.SlotSeconds;
                    ev.DeliveredWh = deliveredJ[ev.Id] / 3600;
                    long seenBefore = ev.VehicleMaxW ?? ev.MaxW;
                    long seen = VehicleRampdown.NextVehicleMaxW(seenBefore, ev.MaxW, sp.SetpointW, drawn, parameters);
                    rampdowns += seen < seenBefore ? 1 : 0;
                    ev.VehicleMaxW = seen < ev.MaxW ? seen : null;
                }
            }
            foreach (var ev in world.Evs.Where(e => e.Accepted && carLimitW[e.Id] == e.MaxW && deliveredJ[e.Id] < e.NeedWh * 3600))
                run.MissedAccepted.Add($"seed {seed}: {ev.Id} got {deliveredJ[ev.Id] / 3600} of {ev.NeedWh} Wh");
        }
        output.WriteLine($"{worlds} worlds, {plans} plans, {accepted} accepted, {rampdowns} rampdowns, {run.MissedAccepted.Count} accepted missed");
        return run with { Plans = plans, Accepted = accepted, Rampdowns = rampdowns };
    }
}
