using System.Globalization;
using System.Text;
using CsCheck;

namespace OliMove.SiteMap.Tests;

/// <summary>Properties of the topology over random valid sites (trees of up to 8 circuits, up to 12 charge points).</summary>
public class TopologyPropertyTests
{
    // Well-formed; only its format is checked when loading. With it there are no warnings, whose positions would move.
    private const string Hash = "pbkdf2-sha256$100000$8KJaKnr8P7ARy3wlMGxiZQ==$jSRT5n5W5hOWA5C1mOPtIy9SnJJNiY+nJQoSVyo244M=";

    private sealed record Circuit(string Id, string? Parent, int LimitA);

    private sealed record Site(List<Circuit> Circuits, List<(string Id, string Circuit, int RatedW)> ChargePoints, List<(string Id, string Circuit, int W)> Loads);

    private static Site Generate(Random random)
    {
        var circuits = new List<Circuit>();
        var count = random.Next(1, 9);
        for (var i = 0; i < count; i++)
        {
            // A parent is always an earlier circuit, so the tree has no cycle; a child gets at most its parent's limit.
            var parent = i == 0 || random.Next(3) == 0 ? null : circuits[random.Next(circuits.Count)];
            var limit = parent is null ? random.Next(63, 251) : random.Next(32, parent.LimitA + 1);
            circuits.Add(new Circuit($"c{i:00}", parent?.Id, limit));
        }

        var chargePoints = new List<(string, string, int)>();
        for (var i = random.Next(0, 13); i > 0; i--)
        {
            var circuit = circuits[random.Next(circuits.Count)];
            chargePoints.Add(($"cp{i:00}", circuit.Id, 11000));
        }

        var loads = new List<(string, string, int)>();
        for (var i = random.Next(0, 4); i > 0; i--)
        {
            loads.Add(($"load{i}", circuits[random.Next(circuits.Count)].Id, random.Next(1, 11) * 500));
        }

        return new Site(circuits, chargePoints, loads);
    }

    private static string ToYaml(Site site, Random order)
    {
        var text = new StringBuilder();
        var roots = site.Circuits.Where(c => c.Parent is null).Sum(c => c.LimitA);
        text.Append(CultureInfo.InvariantCulture, $"site: {{ id: p }}\ngridConnection: {{ limitA: {roots} }}\ncircuits:\n");
        foreach (var c in site.Circuits.OrderBy(_ => order.Next()))
        {
            var parent = c.Parent is null ? "" : $", parent: {c.Parent}";
            text.Append(CultureInfo.InvariantCulture, $"  - {{ id: {c.Id}{parent}, limitA: {c.LimitA} }}\n");
        }

        text.Append(site.ChargePoints.Count == 0 ? "chargePoints: []\n" : "chargePoints:\n");
        foreach (var (id, circuit, rated) in site.ChargePoints.OrderBy(_ => order.Next()))
        {
            text.Append(CultureInfo.InvariantCulture,
                $"  - {{ chargePointId: {id}, circuit: {circuit}, authorizationKeyHash: \"{Hash}\", chargingRateUnit: A, connectors: [ {{ connectorId: 1, evseId: E-{id}, connectionType: Type2, ratedPowerW: {rated}, phases: 3 }} ] }}\n");
        }

        text.Append("otherLoads:\n");
        foreach (var (id, circuit, w) in site.Loads.OrderBy(_ => order.Next()))
        {
            text.Append(CultureInfo.InvariantCulture, $"  - {{ id: {id}, circuit: {circuit}, reservedW: {w} }}\n");
        }

        return text.ToString().Replace("otherLoads:\n", site.Loads.Count == 0 ? "" : "otherLoads:\n", StringComparison.Ordinal);
    }

    [Fact]
    public void Every_circuit_and_charge_point_is_in_exactly_one_group_and_parents_come_first()
    {
        Gen.Int.Sample(seed =>
        {
            var site = Generate(new Random(seed));
            var result = SiteMapLoader.LoadString(ToYaml(site, new Random(seed)));
            result.Errors.Select(e => e.ToString()).Should().BeEmpty();
            var topology = result.Topology!;

            topology.Groups.SelectMany(g => g.Circuits).Select(c => c.Id).Should().BeEquivalentTo(site.Circuits.Select(c => c.Id));
            topology.ChargePoints.Select(c => c.ChargePointId).Should().BeEquivalentTo(site.ChargePoints.Select(c => c.Id));
            foreach (var group in topology.Groups)
            {
                var seen = new HashSet<string>();
                foreach (var circuit in group.Circuits)
                {
                    (circuit.ParentId is null ? circuit.Id == group.Id : seen.Contains(circuit.ParentId)).Should().BeTrue();
                    seen.Add(circuit.Id);
                }

                group.ChargePoints.Where(cp => !seen.Contains(cp.CircuitId)).Should().BeEmpty();
                group.GuaranteedCapacityW.Should().Be(group.LimitW - group.OtherLoads.Sum(l => l.PowerW));
                group.GuaranteedCapacityW.Should().BeGreaterThan(0);
            }
        }, iter: 150);
    }

    [Fact]
    public void Reordering_the_file_does_not_change_the_topology()
    {
        Gen.Int.Sample(seed =>
        {
            var site = Generate(new Random(seed));
            var first = SiteTreeReport.Render(SiteMapLoader.LoadString(ToYaml(site, new Random(seed)), "p.yaml"));
            var second = SiteTreeReport.Render(SiteMapLoader.LoadString(ToYaml(site, new Random(~seed)), "p.yaml"));

            second.Should().Be(first);
        }, iter: 150);
    }
}
