using static OliMove.Scheduling.Tests.Groups;

namespace OliMove.Scheduling.Tests;

public class PlanExplanationTests
{
    [Fact]
    public void Renders_one_row_per_session_and_circuit_with_status_and_kW_per_slot()
    {
        var snapshot = Group(3, [Root(3, 2000)],
        [
            Session("A", maxW: 2000, needWh: 2000, departSlot: 2),
            Session("B", maxW: 1000, needWh: 3000, departSlot: 3),
        ]);
        var plan = SlotAllocator.Plan(snapshot);

        var text = PlanExplanation.Render(snapshot, plan);

        var lines = text.Split('\n');
        lines.Should().Contain(l => l.StartsWith("A ") && l.Contains("accepted") && l.Contains("onTrack"));
        lines.Should().Contain(l => l.StartsWith("B ") && l.Contains("1.0   1.0   1.0"));
        lines.Should().Contain(l => l.StartsWith("root") && l.Contains("2.0   2.0   1.0"));
        text.Should().Contain(CanonicalJson.PlanHash(plan));
    }
}
