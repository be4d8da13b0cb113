using System.Text;

namespace OliMove.Scheduling.Tests;

/// <summary>
/// The allocator's plans, pinned byte for byte: a refactoring that changes any of them changes behaviour. The
/// inputs in GoldenPlans/ are canonical snapshot JSONs (written by <c>tools/bench/scheduling golden-snapshots</c>:
/// the demo day re-planned online, and synthetic groups with phases, PV, the minimum, walk-ins, overdue sessions,
/// rampdown and 5-minute slots; and, named priced-*, the same with price or CO₂ signals, issue 20); plan-hashes.sha256 holds the SHA-256 of the plan that
/// <c>olimove-edge plan --input</c> printed for each before the allocator was restructured (decision 0180).
/// </summary>
public class GoldenPlanTests
{
    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "GoldenPlans");

    public static TheoryData<string, string> Expected()
    {
        var data = new TheoryData<string, string>();
        foreach (var line in File.ReadAllLines(Path.Combine(Folder, "plan-hashes.sha256")))
        {
            var parts = line.Split("  ", 2);
            data.Add(parts[1], parts[0]);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Expected))]
    public void Plans_each_stored_snapshot_to_the_pinned_hash(string input, string planSha256)
    {
        var snapshot = SnapshotJsonReader.Read(File.ReadAllText(Path.Combine(Folder, input), Encoding.UTF8));

        CanonicalJson.PlanHash(SlotAllocator.Plan(snapshot)).Should().Be(planSha256, input);
    }

    [Fact]
    public void Pins_every_stored_snapshot_and_nothing_else()
    {
        var listed = Expected().Select(row => (string)row[0]).Order(StringComparer.Ordinal);
        var stored = Directory.GetFiles(Folder, "*.input.json").Select(Path.GetFileName).Order(StringComparer.Ordinal);

        listed.Should().Equal(stored).And.HaveCountGreaterThan(50);
    }

    [Fact]
    public void Plans_two_thousand_random_groups_to_the_pinned_digest()
    {
        // Deeper circuit trees and phase limits above the leaf than the stored set: one digest over all plan hashes.
        var digest = new StringBuilder();
        for (int seed = 0; seed < 2000; seed++)
        {
            var world = RandomWorld.Create(500_000 + seed, phases: seed % 2 == 0, minimum: seed % 3 != 0, maxEvs: 8, maxHorizon: 16);
            foreach (var ev in world.Evs.Where(e => e.WantsGuarantee && seed % 4 != 0))
                ev.Accepted = true;
            digest.Append(CanonicalJson.PlanHash(SlotAllocator.Plan(world.SnapshotAt(world.Horizon / 3))));
        }

        CanonicalJson.Sha256Hex(Encoding.ASCII.GetBytes(digest.ToString())).Should().Be(RandomGroupsDigest);
    }

    [Fact]
    public void Plans_a_thousand_random_groups_with_price_signals_to_the_pinned_digest()
    {
        // The cost placement's plans (decisions 0272, 0320): prices in a few levels, with or without a demand charge,
        // a peak so far and an expected peak, or CO₂; a speed-up of the cap search or the placement must not move one.
        var digest = new StringBuilder();
        int differ = 0;
        for (int seed = 0; seed < 1000; seed++)
        {
            var world = RandomWorld.Create(700_000 + seed, phases: seed % 2 == 0, minimum: seed % 3 != 0, maxEvs: 8, maxHorizon: 16);
            foreach (var ev in world.Evs.Where(e => e.WantsGuarantee && seed % 4 != 0))
                ev.Accepted = true;
            var plain = world.SnapshotAt(world.Horizon / 3);
            var r = new Random(seed);
            int h = plain.HorizonSlots;
            long[] Series(int levels, long unit) => Enumerable.Range(0, h).Select(_ => (long)r.Next(0, levels) * unit).ToArray();
            var co2 = seed % 5 == 0;
            var signals = new EnergySignals(co2 ? PlacementObjective.Co2 : PlacementObjective.Cost,
                Series(4, 20_000), null, co2 ? Series(5, 50) : null, seed % 3 == 0 ? 0 : 15_510_000,
                (long)r.Next(0, 40) * 250, seed % 7 == 0 ? (long)r.Next(0, 40) * 500 : 0);
            string hash = CanonicalJson.PlanHash(SlotAllocator.Plan(plain with { Signals = signals }));
            differ += hash != CanonicalJson.PlanHash(SlotAllocator.Plan(plain)) ? 1 : 0;
            digest.Append(hash);
        }

        differ.Should().BeGreaterThan(50, "the signals must change plans, or this pins nothing new");
        CanonicalJson.Sha256Hex(Encoding.ASCII.GetBytes(digest.ToString())).Should().Be(RandomGroupsWithSignalsDigest);
    }

    private const string RandomGroupsWithSignalsDigest = "49f7ad988eca1df816627f2063b4f6e9c10e5104b3eab2bedb86a50b83d6bbe1";

    private const string RandomGroupsDigest = "71ac58f381b0577288277a102f6432abe94c351f114c6122bf46fed143949bb0";
}
