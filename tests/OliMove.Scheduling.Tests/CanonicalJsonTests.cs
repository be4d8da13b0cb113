using static OliMove.Scheduling.Tests.Groups;

namespace OliMove.Scheduling.Tests;

public class CanonicalJsonTests
{
    private static GroupSnapshot Sample() => Group(3,
        [Root(3, 4000, 500), new CircuitSnapshot("sub", "root", Flat(3, 3000), Flat(3, 0), new PhaseSeries(Flat(3, 1000), Flat(3, 1200), Flat(3, 1400)))],
        [
            Session("b", maxW: 1000, needWh: 3000, departSlot: 3, circuit: "sub", phase: 2),
            Session("a", maxW: 2000, needWh: 2000, departSlot: 2),
            Session("w", maxW: 3000, needWh: null, departSlot: 0, optedIn: false) with { Arrival = Start.AddMilliseconds(-1500) },
        ]);

    [Fact]
    public void Writes_a_fixed_compact_form_with_sorted_ids_UTC_times_and_integers()
    {
        var json = CanonicalJson.Snapshot(Sample() with { SlotStart = Start.ToOffset(TimeSpan.FromHours(2)) });

        json.Should().StartWith("{\"groupId\":\"g1\",\"slotStart\":\"2026-03-02T08:00:00Z\",\"slotSeconds\":3600,\"horizonSlots\":3,\"circuits\":[{\"circuitId\":\"root\",\"parentId\":null,\"guaranteedW\":[4000,4000,4000],\"surplusW\":[500,500,500],\"phaseGuaranteedW\":null,\"phaseSurplusW\":null},");
        json.Should().Contain("\"arrival\":\"2026-03-02T07:59:58.5Z\"");
        json.IndexOf("\"sessionId\":\"a\"", StringComparison.Ordinal).Should().BeLessThan(json.IndexOf("\"sessionId\":\"b\"", StringComparison.Ordinal));
        json.Should().NotContain(" ").And.NotContain("\n");
    }

    [Fact]
    public void Reading_the_canonical_form_back_gives_the_same_bytes()
    {
        var snapshot = Sample();
        var json = CanonicalJson.Snapshot(snapshot);

        CanonicalJson.Snapshot(SnapshotJsonReader.Read(json)).Should().Be(json);
    }

    [Fact]
    public void Pins_the_hashes_of_a_reference_snapshot_and_its_plan_so_other_machines_can_replay_them()
    {
        var snapshot = Sample();
        var plan = SlotAllocator.Plan(snapshot);

        // Golden values: a change here means the canonical form or the algorithm changed; bump AlgorithmVersion.Id.
        CanonicalJson.SnapshotHash(snapshot).Should().Be(GoldenSnapshotHash);
        CanonicalJson.PlanHash(plan).Should().Be(GoldenPlanHash);
    }

    [Fact]
    public void The_same_snapshot_gives_the_same_plan_hash_across_runs_and_threads()
    {
        var world = RandomWorld.Create(42, phases: true, minimum: true, maxEvs: 30, maxHorizon: 24);
        var json = CanonicalJson.Snapshot(world.SnapshotAt(0));
        string expected = CanonicalJson.PlanHash(SlotAllocator.Plan(SnapshotJsonReader.Read(json)));
        var hashes = new string[64];

        Parallel.For(0, hashes.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 },
            i => hashes[i] = CanonicalJson.PlanHash(SlotAllocator.Plan(SnapshotJsonReader.Read(json))));

        hashes.Should().OnlyContain(h => h == expected);
        expected.Should().MatchRegex("^[0-9a-f]{64}$");
    }

    [Fact]
    public void Exposes_the_algorithm_version_and_a_reproducible_hash_of_its_parameters()
    {
        AlgorithmVersion.ParametersJson.Should().StartWith("{\"id\":\"" + AlgorithmVersion.Id + "\",");
        AlgorithmVersion.ParametersHash.Should().Be(CanonicalJson.Sha256Hex(System.Text.Encoding.UTF8.GetBytes(AlgorithmVersion.ParametersJson)));
        AlgorithmVersion.ParametersHash.Should().MatchRegex("^[0-9a-f]{64}$");
    }

    private const string GoldenSnapshotHash = "9c050aad1caabfcb355c79b97a5ad1806f4d38eee3257d7a369066e72ac018c0";
    private const string GoldenPlanHash = "041df34c3496469c5301955a10fc8cb516db1f446cbdfc36b4921c297e11334d";
}
