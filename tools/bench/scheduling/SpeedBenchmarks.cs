using BenchmarkDotNet.Attributes;
using OliMove.Scheduling;

namespace OliMove.Bench.Scheduling;

/// <summary>Plan and admission time for 50, 500 and 5,000 sessions over 96 slots (issue 4 targets: plan for 500
/// under 20 ms, admission under 5 ms).</summary>
[MemoryDiagnoser]
public class SpeedBenchmarks
{
    private GroupSnapshot _group = null!;
    private SessionSnapshot _fits = null!;
    private SessionSnapshot _refused = null!;

    [Params(50, 500, 5000)]
    public int Sessions { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _group = SyntheticGroup.Create(Sessions);
        _fits = SyntheticGroup.Request(_group, fits: true);
        _refused = SyntheticGroup.Request(_group, fits: false);
        if (!AdmissionControl.AcceptedSetIsFeasible(_group))
            throw new InvalidOperationException("the synthetic accepted set must be feasible");
        if (!AdmissionControl.Evaluate(_group, _fits).Accepted)
            throw new InvalidOperationException("the small synthetic request must be accepted");
        if (AdmissionControl.Evaluate(_group, _refused).Accepted)
            throw new InvalidOperationException("the large synthetic request must be refused");
    }

    [Benchmark]
    public GroupPlan Plan() => SlotAllocator.Plan(_group);

    [Benchmark]
    public AdmissionDecision AdmissionAccepted() => AdmissionControl.Evaluate(_group, _fits);

    [Benchmark]
    public AdmissionDecision AdmissionRefusedWithCounterOffers() => AdmissionControl.Evaluate(_group, _refused);
}
