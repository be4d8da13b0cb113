using System.Security.Cryptography;
using System.Text;

namespace OliMove.Storage.Tests;

public sealed class SlotPlanRepositoryTests : RegisteredSiteTests
{
    private SlotPlanRepository Repository => new(Db);

    private static NewSlotPlan Plan(string group, DateTimeOffset slot, string output = "{\"setpoints\":[]}")
    {
        var input = $"{{\"group\":\"{group}\",\"slot\":\"{slot:O}\"}}";
        return new NewSlotPlan(group, slot, "alloc-1.0", input, output, Sha(input), Sha(output));
    }

    private static string Sha(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    [Fact]
    public async Task Re_plans_inside_a_slot_are_kept_as_revisions()
    {
        var first = await Repository.AppendAsync(Plan("g1", T0), T0);
        var second = await Repository.AppendAsync(Plan("g1", T0, "{\"setpoints\":[1]}"), T0.AddMinutes(3));
        var otherGroup = await Repository.AppendAsync(Plan("g2", T0), T0);

        first.Revision.Should().Be(1);
        second.Revision.Should().Be(2);
        otherGroup.Revision.Should().Be(1);
        (await Repository.GetAsync("g1", T0)).Should().Be(second);
        (await Repository.GetAsync("g1", T0, revision: 1)).Should().Be(first);
        (await Repository.GetAsync("g1", T0.AddMinutes(15))).Should().BeNull();
    }

    [Fact]
    public async Task Stores_the_canonical_input_and_output_with_their_hashes()
    {
        var plan = Plan("g1", T0);

        var stored = await Repository.AppendAsync(plan, T0.AddSeconds(2));

        stored.Should().Be(new SlotPlanRecord(stored.Id, "g1", T0, 1, "alloc-1.0", plan.InputJson, plan.OutputJson,
            plan.InputSha256, plan.OutputSha256, T0.AddSeconds(2)));
    }

    [Fact]
    public async Task Queries_by_range_and_latest_per_group()
    {
        for (var i = 0; i < 4; i++)
        {
            await Repository.AppendAsync(Plan("g1", T0.AddMinutes(15 * i)), T0);
            await Repository.AppendAsync(Plan("g2", T0.AddMinutes(15 * i)), T0);
        }

        await Repository.AppendAsync(Plan("g1", T0.AddMinutes(15), "{\"replan\":true}"), T0);

        var range = await Repository.ListRangeAsync("g1", T0.AddMinutes(15), T0.AddMinutes(45));
        range.Select(p => (p.SlotStart, p.Revision)).Should().Equal((T0.AddMinutes(15), 1), (T0.AddMinutes(15), 2), (T0.AddMinutes(30), 1));
        (await Repository.ListRangeAsync("g1", T0.AddMinutes(15), T0.AddMinutes(45), latestRevisionOnly: true))
            .Select(p => (p.SlotStart, p.Revision)).Should().Equal((T0.AddMinutes(15), 2), (T0.AddMinutes(30), 1));
        (await Repository.ListRangeAsync(null, T0, T0.AddMinutes(15))).Select(p => p.GroupId).Should().Equal("g1", "g2");

        var latest = await Repository.ListLatestPerGroupAsync();
        latest.Select(p => (p.GroupId, p.SlotStart)).Should().Equal(("g1", T0.AddMinutes(45)), ("g2", T0.AddMinutes(45)));
        (await Repository.GetLatestAsync("g2"))!.SlotStart.Should().Be(T0.AddMinutes(45));
        (await Repository.GetLatestAsync("g9")).Should().BeNull();
    }

    [Fact]
    public async Task Rejects_a_hash_that_does_not_match_its_JSON()
    {
        var plan = Plan("g1", T0) with { OutputJson = "{\"tampered\":1}" };

        var act = () => Repository.AppendAsync(plan, T0);

        await act.Should().ThrowAsync<ArgumentException>().WithMessage("*output SHA-256*");
        (await Repository.GetLatestAsync("g1")).Should().BeNull();
    }

    [Fact]
    public async Task Rejects_a_plan_start_finer_than_a_second()
    {
        var act = () => Repository.AppendAsync(Plan("g1", T0.AddMinutes(7).AddMilliseconds(250)), T0);

        await act.Should().ThrowAsync<ArgumentException>().WithMessage("*not a whole second*");
    }

    [Fact]
    public async Task Keeps_an_event_replan_that_starts_inside_a_slot()
    {
        var stored = await Repository.AppendAsync(Plan("g1", T0.AddMinutes(7).AddSeconds(12)), T0);

        stored.SlotStart.Should().Be(T0.AddMinutes(7).AddSeconds(12));
        (await Repository.ListRangeAsync("g1", T0, T0.AddMinutes(15))).Should().ContainSingle();
    }
}
