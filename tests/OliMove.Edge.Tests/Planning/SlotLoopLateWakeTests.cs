using Microsoft.Extensions.Time.Testing;
using OliMove.Chain;
using OliMove.Edge.Planning;
using OliMove.Edge.Testing;
using OliMove.Edge.Tests.FieldIntegrity;
using OliMove.Storage;

namespace OliMove.Edge.Tests.Planning;

/// <summary>
/// The slot loop woken late (a suspended VM, a GC pause, an NTP step, a starved box), on the real service with a
/// clock the test jumps: every slot that holds plans is committed, the slot the clock is in is planned at its own
/// boundary, and a slot that passed unseen gets no plan made after the fact (decision 0343).
/// </summary>
public class SlotLoopLateWakeTests
{
    private const string Group = "cabinet-01";

    // Mid-slot, so that the start plan lands in the slot [Slot0, Slot0 + 15 min).
    private static readonly DateTimeOffset Slot0 = SlotClock.StartOf(DateTimeOffset.UtcNow);

    [Fact]
    public async Task A_boundary_passed_a_few_minutes_late_is_planned_at_the_boundary_and_the_slot_before_it_committed()
    {
        var clock = new FakeTimeProvider(Slot0.AddMinutes(7.5));
        await using var host = await EdgeTestHost.StartAsync(clock, FieldSite.Yaml(1, 1, 22_000));
        await UntilTheLoopWaitsForItsBoundaryAsync(host);

        clock.Advance(TimeSpan.FromMinutes(12.5)); // Slot0 + 20 min: five minutes past the boundary

        await UntilCommittedAsync(host, Slot0);
        await UntilPlannedAtAsync(host, Slot0.AddMinutes(15));
        (await PlansInAsync(host, Slot0.AddMinutes(15))).Where(p => p.SlotStart == Slot0.AddMinutes(15)).Should().ContainSingle("one plan, named by its boundary, not by the late clock");
    }

    [Fact]
    public async Task A_jump_over_several_boundaries_commits_the_slot_before_them_and_plans_the_slot_the_clock_is_in()
    {
        var clock = new FakeTimeProvider(Slot0.AddMinutes(7.5));
        await using var host = await EdgeTestHost.StartAsync(clock, FieldSite.Yaml(1, 1, 22_000));
        await UntilTheLoopWaitsForItsBoundaryAsync(host);

        clock.Advance(TimeSpan.FromMinutes(57.5)); // Slot0 + 65 min: four boundaries passed unseen

        await UntilCommittedAsync(host, Slot0);
        await UntilPlannedAtAsync(host, Slot0.AddMinutes(60));
        foreach (var missed in new[] { 15, 30, 45 })
        {
            (await PlansInAsync(host, Slot0.AddMinutes(missed))).Should().BeEmpty("no plan is made after the fact for the slot at +{0} min, which is over", missed);
            (await SlotRecordAsync(host, Slot0.AddMinutes(missed))).Should().BeNull("a slot without plans has nothing to commit");
        }

        // The loop goes on from the slot the clock is in.
        clock.Advance(TimeSpan.FromMinutes(11));
        await UntilCommittedAsync(host, Slot0.AddMinutes(60));
        await UntilPlannedAtAsync(host, Slot0.AddMinutes(75));
    }

    [Fact]
    public async Task A_jump_during_an_event_replan_still_commits_the_event_planned_slot()
    {
        var clock = new FakeTimeProvider(Slot0.AddMinutes(7.5));
        await using var host = await EdgeTestHost.StartAsync(clock, FieldSite.Yaml(1, 1, 22_000));
        await UntilTheLoopWaitsForItsBoundaryAsync(host);
        var charger = await RawChargePoint.ConnectAsync(host.OcppUri, FieldSite.Id(1, 1));
        try
        {
            await charger.BootAsync();
            // The boot's configuration ends with the fail-safe default; profiles are sent to a configured charger.
            await Poll.UntilAsync(() => charger.ReceivedCalls.Any(c => c[2]!.GetValue<string>() == "SetChargingProfile"), "the charger is configured and holds its fail-safe default", 30);
            var before = (await PlansInAsync(host, Slot0)).Count;

            // The car's arrival asks for a re-plan; the charger holds its answer to the new profile, so the loop is
            // inside that event re-plan when the clock jumps over three boundaries.
            var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            charger.HoldTxProfileAnswers = release.Task;
            var profilesBefore = ProfileCalls(charger);
            await charger.StartAsync(1, "TAG-LATE", 0, clock.GetUtcNow());
            await Poll.UntilAsync(() => ProfileCalls(charger) > profilesBefore, "the event re-plan dispatches the car's profile", 30);
            (await PlansInAsync(host, Slot0)).Count.Should().BeGreaterThan(before, "the event re-plan is archived before it is sent");
            clock.Advance(TimeSpan.FromMinutes(45)); // Slot0 + 52.5 min
            release.SetResult();

            await UntilPlannedAtAsync(host, Slot0.AddMinutes(45));
            var record = await UntilCommittedAsync(host, Slot0);
            var (inputHash, outputHash) = SlotCommitment.Combine(await PlansInAsync(host, Slot0));
            (record.InputHash, record.OutputHash).Should().Be((inputHash, outputHash), "the commitment covers every plan of the slot, the event re-plan's too");
            (await PlansInAsync(host, Slot0.AddMinutes(15))).Should().BeEmpty();
            (await PlansInAsync(host, Slot0.AddMinutes(30))).Should().BeEmpty();
        }
        finally
        {
            await charger.DisposeAsync();
        }
    }

    /// <summary>
    /// An event re-plan is made only inside the loop's wait, after the loop has fixed its next boundary from the
    /// start clock: once one is archived, a jump of the clock is a jump the loop sees.
    /// </summary>
    private static async Task UntilTheLoopWaitsForItsBoundaryAsync(EdgeTestHost host)
    {
        var plans = host.Get<SlotPlanRepository>();
        await UntilAsync(async () => (await plans.ListRangeAsync(Group, Slot0, Slot0.AddMinutes(15))).Count >= 1, "the start plan is archived", 30);
        host.Get<ReplanSignal>().Request(Group);
        await UntilAsync(async () => (await plans.ListRangeAsync(Group, Slot0, Slot0.AddMinutes(15))).Count >= 2, "an event re-plan is archived", 30);
    }

    private static int ProfileCalls(RawChargePoint charger) => charger.ReceivedCalls.Count(RawChargePoint.IsTxProfile);

    private static Task<IReadOnlyList<SlotPlanRecord>> PlansInAsync(EdgeTestHost host, DateTimeOffset slotStart) =>
        host.Get<SlotPlanRepository>().ListRangeAsync(null, slotStart, slotStart + SlotClock.SlotLength);

    private static async Task<SlotStatusPayload?> SlotRecordAsync(EdgeTestHost host, DateTimeOffset slotStart)
    {
        var items = await host.Get<ChainOutboxRepository>().GetByKeysAsync([$"slot:{ChainIds.SlotId(slotStart)}"]);
        return items.Count == 0 ? null : ChainOutboxEntry.Read<SlotStatusPayload>(items[0].PayloadJson);
    }

    private static async Task<SlotStatusPayload> UntilCommittedAsync(EdgeTestHost host, DateTimeOffset slotStart)
    {
        SlotStatusPayload? record = null;
        await UntilAsync(async () => (record = await SlotRecordAsync(host, slotStart)) is not null, $"the slot at {slotStart:HH:mm} is committed to the outbox", 30);
        return record!;
    }

    private static Task UntilPlannedAtAsync(EdgeTestHost host, DateTimeOffset boundary) =>
        UntilAsync(async () => (await PlansInAsync(host, boundary)).Any(p => p.SlotStart == boundary), $"the slot at {boundary:HH:mm} is planned at its boundary", 30);

    /// <summary>Waits for a state read from the service's database (a real SQLite file, so an async read).</summary>
    private static async Task UntilAsync(Func<Task<bool>> condition, string because, int seconds)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"timed out waiting until {because}");
            }

            await Task.Delay(50);
        }
    }
}
