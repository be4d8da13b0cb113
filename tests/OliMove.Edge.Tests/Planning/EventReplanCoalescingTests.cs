using System.Globalization;
using System.Net.WebSockets;
using Microsoft.Extensions.Time.Testing;
using OliMove.Edge.Planning;
using OliMove.Edge.Testing;
using OliMove.Edge.Tests.FieldIntegrity;
using OliMove.Storage;

namespace OliMove.Edge.Tests.Planning;

/// <summary>
/// Event re-plans on the real service (real OCPP over WebSockets, a real SQLite file, a frozen site clock): events that
/// come while a group's re-plan runs are covered by ONE re-plan after it, which sees them all; a lone event is
/// planned without the site clock moving (decision 0375). The running re-plan is held inside its dispatch by a
/// charger that holds its answer to the car's profile, so the overlap is made, not hoped for.
/// </summary>
public class EventReplanCoalescingTests
{
    private const string Group = "cabinet-01";
    private const int Chargers = 5;

    private static readonly DateTimeOffset Slot0 = SlotClock.StartOf(DateTimeOffset.UtcNow);

    [Fact]
    public async Task Starts_during_a_replan_are_covered_by_one_replan_after_it_which_sees_every_transaction()
    {
        var clock = new FakeTimeProvider(Slot0.AddMinutes(7.5));
        // Five 11 kW chargers on a 22 kW cabinet: every start changes what the others are given.
        await using var host = await EdgeTestHost.StartAsync(clock, FieldSite.Yaml(1, Chargers, 22_000));
        var signal = host.Get<ReplanSignal>();
        var chargers = new List<RawChargePoint>();
        try
        {
            foreach (var id in FieldSite.Ids(1, Chargers))
            {
                var charger = await ConnectAsync(host.OcppUri, id);
                chargers.Add(charger);
                await charger.BootAsync();
            }

            // The boot's configuration ends with the fail-safe default: every charger is configured.
            await Poll.UntilAsync(() => chargers.All(c => c.ReceivedCalls.Any(call => call[2]!.GetValue<string>() == "SetChargingProfile")), "every charger is configured", 30);

            // A lone event is planned on a frozen site clock: no debounce waits for a clock that does not move.
            await UntilAsync(() => Task.FromResult(!signal.IsAsked(Group)), "the boots' re-plans have begun", 30);
            var lone = await LastPlanIdAsync(host);
            signal.Request(Group);
            await UntilAsync(async () => await LastPlanIdAsync(host) > lone, "the lone event's re-plan is archived", 30);

            // The first car's re-plan is held in its dispatch: the charger does not answer its TxProfile yet.
            var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            chargers[0].HoldTxProfileAnswers = release.Task;
            var transactionIds = new List<int> { await StartAsync(chargers[0], "TAG-0", clock) };
            await Poll.UntilAsync(() => chargers[0].ReceivedCalls.Any(RawChargePoint.IsTxProfile), "the first car's re-plan dispatches its profile", 30);
            var held = await LastPlanIdAsync(host);
            var requestsBefore = signal.Requests;

            // Four more cars arrive while that re-plan runs.
            transactionIds.AddRange(await Task.WhenAll(chargers.Skip(1).Select((c, i) => StartAsync(c, $"TAG-{i + 1}", clock))));
            await UntilAsync(() => Task.FromResult(signal.Requests >= requestsBefore + Chargers - 1), "each start has asked for a re-plan of its group", 30);
            signal.IsAsked(Group).Should().BeTrue("the starts wait for the held re-plan to end");

            release.SetResult();

            SlotPlanRecord? covering = null;
            await UntilAsync(async () => (covering = (await PlansAfterAsync(host, held)).FirstOrDefault(p => transactionIds.All(t => Sees(p, t)))) is not null,
                "a re-plan that sees every transaction is archived", 30);
            var after = await PlansAfterAsync(host, held);
            after.Should().ContainSingle("the four starts are covered by one re-plan after the held one, not four")
                .Which.Id.Should().Be(covering!.Id);
            signal.IsAsked(Group).Should().BeFalse("no re-plan is left to follow with a staler state");
            Sees((await PlansAfterAsync(host, lone)).Single(p => p.Id == held), transactionIds[0]).Should().BeTrue("the held re-plan was the first car's");
        }
        finally
        {
            foreach (var charger in chargers)
            {
                await charger.DisposeAsync();
            }
        }
    }

    /// <summary>Connects, trying again when a loaded machine drops the handshake (seen once at load 56 with the
    /// other test classes running): the handshake is not what this test is about.</summary>
    private static async Task<RawChargePoint> ConnectAsync(Uri ocpp, string id)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await RawChargePoint.ConnectAsync(ocpp, id);
            }
            catch (WebSocketException) when (attempt < 3)
            {
            }
        }
    }

    private static async Task<int> StartAsync(RawChargePoint charger, string idTag, TimeProvider clock) =>
        (await charger.StartAsync(1, idTag, 0, clock.GetUtcNow()))["transactionId"]!.GetValue<int>();

    /// <summary>Whether the plan's archived input holds the transaction as a session ("tx-{id}", PlanIds).</summary>
    private static bool Sees(SlotPlanRecord plan, int transactionId) =>
        plan.InputJson.Contains($"\"{PlanIds.SessionIdOf(transactionId)}\"", StringComparison.Ordinal);

    private static async Task<IReadOnlyList<SlotPlanRecord>> PlansAfterAsync(EdgeTestHost host, long id) =>
        [.. (await host.Get<SlotPlanRepository>().ListRangeAsync(Group, Slot0, Slot0 + SlotClock.SlotLength)).Where(p => p.Id > id).OrderBy(p => p.Id)];

    private static async Task<long> LastPlanIdAsync(EdgeTestHost host) =>
        (await host.Get<SlotPlanRepository>().ListRangeAsync(Group, Slot0, Slot0 + SlotClock.SlotLength)).Select(p => p.Id).DefaultIfEmpty(0).Max();

    /// <summary>Waits for a state read from the service's database (a real SQLite file, so an async read).</summary>
    private static async Task UntilAsync(Func<Task<bool>> condition, string because, int seconds)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException(string.Create(CultureInfo.InvariantCulture, $"timed out waiting until {because}"));
            }

            await Task.Delay(50);
        }
    }
}
