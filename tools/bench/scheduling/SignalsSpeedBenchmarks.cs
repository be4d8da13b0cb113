using BenchmarkDotNet.Attributes;
using OliMove.Scheduling;

namespace OliMove.Bench.Scheduling;

/// <summary>
/// The plan of <see cref="SpeedBenchmarks"/> with and without price signals (issue 20; docs/bench/cost.md): the same
/// synthetic group, SCE-like time-of-use prices by the hour and a demand charge of 15.51 per kW, peak so far 0, so the
/// demand-cap search runs in full. Target as for the plan without signals: 500 sessions under 20 ms.
/// </summary>
[MemoryDiagnoser]
public class SignalsSpeedBenchmarks
{
    private GroupSnapshot _group = null!;
    private GroupSnapshot _priced = null!;

    [Params(500)]
    public int Sessions { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _group = SyntheticGroup.Create(Sessions);
        _priced = WithPrices(_group);
    }

    public static GroupSnapshot WithPrices(GroupSnapshot group)
    {
        var prices = Enumerable.Range(0, group.HorizonSlots).Select(t => (t / 4 % 24) switch { < 8 or >= 23 => 60_870L, < 12 or >= 18 => 74_920L, _ => 86_900L }).ToArray();
        return group with { Signals = new EnergySignals(PlacementObjective.Cost, prices, null, null, 15_510_000, 0) };
    }

    [Benchmark(Baseline = true)]
    public GroupPlan Plan() => SlotAllocator.Plan(_group);

    [Benchmark]
    public GroupPlan PlanWithSignals() => SlotAllocator.Plan(_priced);
}
