using OliMove.Scheduling.Batteries;
using Xunit.Abstractions;

namespace OliMove.Scheduling.Tests;

/// <summary>
/// The allocator with batteries over seeded random groups (<see cref="RandomWorld"/> plus one or two random
/// batteries): each EV asks for admission against the grid and the batteries' sure energy when it plugs in; the
/// group is re-planned every slot; the EVs draw what they are offered and each battery does its setpoint.
/// </summary>
public class BatteryPropertyTests(ITestOutputHelper output)
{
    private const int Groups = 3_000;

    [Fact]
    public void Over_random_groups_with_batteries_no_limit_is_exceeded_no_battery_goes_below_its_reserve_and_every_accepted_request_is_met()
    {
        int accepted = 0, plans = 0, discharging = 0, charging = 0;
        for (int seed = 0; seed < Groups; seed++)
        {
            var world = RandomWorld.Create(500_000 + seed, phases: seed % 2 == 0, minimum: seed % 3 != 0);
            var batteries = RandomBatteries(new Random(seed), world);
            long step = 3600 / world.SlotSeconds;
            var deliveredJ = world.Evs.ToDictionary(e => e.Id, _ => 0L);
            for (int t = 0; t < world.Horizon; t++)
            {
                foreach (var ev in world.Evs.Where(e => e.ArriveSlot == t && e.WantsGuarantee))
                {
                    var decision = AdmissionControl.Evaluate(BatteryAllocator.GuaranteedSnapshot(world.SnapshotAt(t), batteries), world.SessionOf(ev));
                    ev.Accepted = decision.Accepted;
                    accepted += decision.Accepted ? 1 : 0;
                }
                var snapshot = world.SnapshotAt(t);
                var plan = BatteryAllocator.Plan(snapshot, batteries);
                plans++;
                string because = $"seed {seed}, slot {t}";
                Violation(snapshot, plan, batteries).Should().BeNull(because);
                foreach (var sp in plan.Plan.Sessions)
                {
                    var ev = world.Evs.Single(e => e.Id == sp.SessionId);
                    deliveredJ[ev.Id] += sp.SetpointW * world.SlotSeconds;
                    ev.DeliveredWh = deliveredJ[ev.Id] / 3600;
                }
                for (int b = 0; b < batteries.Count; b++)
                {
                    long setpoint = plan.Batteries[b].SetpointW;
                    setpoint.Should().Be(plan.Batteries[b].PowerW[0], because);
                    (setpoint % step).Should().Be(0, because);
                    discharging += setpoint < 0 ? 1 : 0;
                    charging += setpoint > 0 ? 1 : 0;
                    batteries[b] = batteries[b] with { StoredWh = batteries[b].StoredWh + setpoint / step };
                    batteries[b].StoredWh.Should().BeInRange(batteries[b].ReserveWh, batteries[b].CapacityWh, because);
                }
            }
            foreach (var ev in world.Evs.Where(e => e.Accepted))
                deliveredJ[ev.Id].Should().BeGreaterThanOrEqualTo(ev.NeedWh * 3600, $"seed {seed}: accepted {ev.Id} must be met");
        }
        output.WriteLine($"{Groups} groups, {plans} plans, {accepted} accepted requests, all met; batteries discharged in {discharging} and charged in {charging} slots");
        accepted.Should().BeGreaterThan(Groups / 2, "the generator must exercise admission");
        discharging.Should().BeGreaterThan(Groups / 10, "the batteries must be used");
        charging.Should().BeGreaterThan(Groups / 10, "the batteries must be charged");
    }

    private static List<BatterySnapshot> RandomBatteries(Random r, RandomWorld world)
    {
        var batteries = new List<BatterySnapshot>();
        int count = r.Next(1, 3);
        for (int i = 0; i < count; i++)
        {
            long capacity = r.Next(1, 41) * 1_000L;
            long reserve = capacity * r.Next(0, 51) / 100;
            long stored = reserve + (capacity - reserve) * r.Next(0, 101) / 100;
            batteries.Add(new BatterySnapshot("b" + i, world.Circuits[r.Next(world.Circuits.Count)].CircuitId, stored, reserve, capacity,
                r.Next(0, 101) * 100L, r.Next(0, 101) * 100L, r.Next(2) == 0));
        }
        return batteries;
    }

    /// <summary>
    /// Independent of the allocator's code: every circuit's sessions plus its batteries' power (charging adds,
    /// discharging offsets, a third per line) fit its capacity (guaranteed + PV surplus) in total and per line;
    /// each battery within its power limits and never below its reserve in the plan.
    /// </summary>
    private static string? Violation(GroupSnapshot snapshot, BatteryGroupPlan plan, IReadOnlyList<BatterySnapshot> batteries)
    {
        if (PlanChecker.Violation(snapshot with { Circuits = snapshot.Circuits.Select(c => c with { GuaranteedW = c.GuaranteedW.Select(_ => 1_000_000_000L).ToArray(), PhaseGuaranteedW = null }).ToArray() }, plan.Plan) is { } session)
            return session;
        var circuits = snapshot.Circuits.ToDictionary(c => c.CircuitId);
        var byId = snapshot.Sessions.ToDictionary(s => s.SessionId);
        bool Under(string circuit, string ancestor)
        {
            for (string? c = circuit; c is not null; c = circuits[c].ParentId)
            {
                if (c == ancestor)
                    return true;
            }
            return false;
        }
        foreach (var bp in plan.Batteries)
        {
            var b = batteries.Single(x => x.BatteryId == bp.BatteryId);
            for (int t = 0; t < snapshot.HorizonSlots; t++)
            {
                if (bp.PowerW[t] > b.MaxChargeW || -bp.PowerW[t] > b.MaxDischargeW)
                    return $"battery {b.BatteryId} slot {t}: {bp.PowerW[t]} W beyond its limits";
                if (bp.StoredWh[t] < b.ReserveWh || bp.StoredWh[t] > b.CapacityWh)
                    return $"battery {b.BatteryId} slot {t}: {bp.StoredWh[t]} Wh outside [{b.ReserveWh}, {b.CapacityWh}]";
            }
        }
        foreach (var c in snapshot.Circuits)
        {
            for (int t = 0; t < snapshot.HorizonSlots; t++)
            {
                long total = 0;
                var phase3 = new long[3];
                foreach (var sp in plan.Plan.Sessions)
                {
                    var s = byId[sp.SessionId];
                    if (!Under(s.CircuitId, c.CircuitId))
                        continue;
                    long p = sp.PowerW[t];
                    total += p;
                    for (int k = 0; k < 3; k++)
                        phase3[k] += s.Phases == 3 ? p : k == s.Phase - 1 ? 3 * p : 0;
                }
                foreach (var bp in plan.Batteries)
                {
                    if (!Under(batteries.Single(x => x.BatteryId == bp.BatteryId).CircuitId, c.CircuitId))
                        continue;
                    total += bp.PowerW[t];
                    for (int k = 0; k < 3; k++)
                        phase3[k] += bp.PowerW[t];
                }
                if (total > c.GuaranteedW[t] + c.SurplusW[t])
                    return $"circuit {c.CircuitId} slot {t}: {total} W with batteries over {c.GuaranteedW[t] + c.SurplusW[t]} W";
                if (c.PhaseGuaranteedW is { } pg)
                {
                    for (int k = 0; k < 3; k++)
                    {
                        if (phase3[k] > 3 * pg.Of(k + 1)[t])
                            return $"circuit {c.CircuitId} slot {t} L{k + 1}: {phase3[k] / 3.0:F1} W with batteries over {pg.Of(k + 1)[t]} W";
                    }
                }
            }
        }
        return null;
    }
}
