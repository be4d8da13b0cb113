using System.Security.Cryptography;
using System.Text;

namespace OliMove.Storage.Tests.Retention;

public sealed class SlotPlanRetentionTests : RegisteredSiteTests
{
    private static readonly DateTimeOffset Day = new(2026, 11, 20, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Lists_the_days_with_plans_that_may_go_and_never_deletes_a_groups_latest_plan()
    {
        var plans = new SlotPlanRepository(Db);
        var g1Morning = await plans.AppendAsync(Plan("g1", Day.AddHours(8)), Day.AddHours(8));
        var g1Replan = await plans.AppendAsync(Plan("g1", Day.AddHours(8)), Day.AddHours(8).AddMinutes(3));
        var g2Only = await plans.AppendAsync(Plan("g2", Day.AddHours(9)), Day.AddHours(9));
        await plans.AppendAsync(Plan("g1", Day.AddDays(1).AddHours(8)), Day.AddDays(1).AddHours(8));
        var retention = new SlotPlanRetention(Db);

        (await retention.ListDaysToArchiveAsync(Day.AddDays(3))).Should().Equal([Day], "the next day holds only g1's latest plan");
        (await retention.ListDaysToArchiveAsync(Day)).Should().BeEmpty();

        var deleted = await retention.DeleteArchivedAsync([g1Morning.Id, g1Replan.Id, g2Only.Id], batchRows: 2);

        deleted.Rows.Should().Be(2);
        deleted.Batches.Should().Be(2);
        (await plans.ListRangeAsync(null, Day, Day.AddDays(2))).Select(p => (p.GroupId, p.SlotStart)).Should().Equal(
            ("g2", Day.AddHours(9)), ("g1", Day.AddDays(1).AddHours(8)));
        (await retention.ListDaysToArchiveAsync(Day.AddDays(3))).Should().BeEmpty();
    }

    private static NewSlotPlan Plan(string group, DateTimeOffset start)
    {
        var input = $$"""{"group":"{{group}}","at":{{start.ToUnixTimeSeconds()}}}""";
        var output = $$"""{"plan":"{{group}}"}""";
        return new NewSlotPlan(group, start, "test/1", input, output, Sha(input), Sha(output));
    }

    private static string Sha(string s) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(s)));
}
