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

    [Fact]
    public void The_plan_command_prints_the_canonical_plan_or_the_table_and_refuses_bad_input()
    {
        var snapshot = Group(3, [Root(3, 2000)], [Session("A", maxW: 2000, needWh: 2000, departSlot: 2)]);
        var json = CanonicalJson.Snapshot(snapshot);

        PlanCommand.Run(json, explain: false).Should().Be(CanonicalJson.Plan(SlotAllocator.Plan(snapshot)));
        PlanCommand.Run(json, explain: true).Should().Contain("accepted").And.Contain("onTrack");
        ((Action)(() => PlanCommand.Run("{\"groupId\":1}", explain: false))).Should().Throw<SnapshotFormatException>().WithMessage("$.groupId: expected a string*");
    }
}
