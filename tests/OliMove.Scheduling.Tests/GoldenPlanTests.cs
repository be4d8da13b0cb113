using System.Text;

namespace OliMove.Scheduling.Tests;

/// <summary>
/// The allocator's plans, pinned byte for byte: a refactoring that changes any of them changes behaviour. The
/// inputs in GoldenPlans/ are canonical snapshot JSONs (written by <c>tools/bench/scheduling golden-snapshots</c>:
/// the demo day re-planned online, and synthetic groups with phases, PV, the minimum, walk-ins, overdue sessions,
/// rampdown and 5-minute slots); plan-hashes.sha256 holds the SHA-256 of the plan that
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

    private const string RandomGroupsDigest = "71ac58f381b0577288277a102f6432abe94c351f114c6122bf46fed143949bb0";
}
