using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using OliMove.Edge.Live;
using OliMove.Edge.Planning;
using OliMove.Edge.Testing;
using OliMove.Storage;

namespace OliMove.Edge.Tests.FieldIntegrity;

/// <summary>
/// A restarted service rebuilds every connector's live state from SQLite before its first plan, so that plan is
/// the plan the service would have made had it never stopped: same inputs, same hashes. The clock is frozen, so
/// both plans are made at the same moment. (The kill -9 form of this test, on child processes, is
/// KillDuringBusyHourTests in OliMove.Edge.ReliabilityTests.)
/// </summary>
public class RestartWithoutAmnesiaTests
{
    private const string Group = "cabinet-01";

    [Fact]
    public async Task The_first_plan_after_a_restart_equals_the_plan_of_the_service_that_never_stopped()
    {
        var now = FieldSite.Ms(DateTimeOffset.UtcNow);
        var clock = new FakeTimeProvider(now);
        var directory = Path.Combine(Path.GetTempPath(), "olimove-restart-" + Guid.NewGuid().ToString("N"));
        var yaml = FieldSite.Yaml(1, 4, 22_000);
        var first = await EdgeTestHost.StartAsync(clock, yaml, directory: directory);
        var cp1 = await RawChargePoint.ConnectAsync(first.OcppUri, FieldSite.Id(1, 1));
        var cp2 = await RawChargePoint.ConnectAsync(first.OcppUri, FieldSite.Id(1, 2));
        string inputHash, outputHash;
        int firstTx;
        try
        {
            await cp1.BootAsync();
            await cp2.BootAsync();
            firstTx = (await cp1.StartAsync(1, "TAG-AMNESIA-1", 1_000, now.AddMinutes(-30)))["transactionId"]!.GetValue<int>();
            await cp2.StartAsync(1, "TAG-AMNESIA-2", 0, now.AddMinutes(-10));
            await cp1.CallAsync("StatusNotification", new JsonObject { ["connectorId"] = 1, ["status"] = "Charging", ["errorCode"] = "NoError", ["timestamp"] = RawChargePoint.Time(now.AddMinutes(-30)) });
            await cp1.MeterValuesAsync(1, firstTx, now.AddMinutes(-1), 6_500, 11_000);
            await cp2.MeterValuesAsync(1, null, now.AddMinutes(-2), 1_400, 10_000);
            var live = first.Get<LiveSiteState>();
            await Poll.UntilAsync(() => live.Connector(FieldSite.Id(1, 1), 1).EnergyRegisterWh == 6_500 && live.Connector(FieldSite.Id(1, 2), 1).EnergyRegisterWh == 1_400, "the readings are live");

            // The plan of the service that keeps running, made now from those readings.
            var board = first.Get<PlanBoard>();
            await Poll.UntilAsync(() =>
            {
                if (board.Get(Group)?.Snapshot.Sessions is { Count: 2 } sessions && sessions.Sum(s => s.EnergyDeliveredWh) == 5_500 + 1_400)
                {
                    return true;
                }

                first.Get<ReplanSignal>().Request(Group);
                return false;
            }, "the running service plans the group from the live readings");
            var plan = board.Get(Group)!;
            (inputHash, outputHash) = (plan.Record.InputSha256, plan.Record.OutputSha256);
        }
        finally
        {
            // The chargers go first, so that the host does not wait for their sockets when it stops.
            await cp1.DisposeAsync();
            await cp2.DisposeAsync();
            await first.StopAsync();
        }

        await using var second = await EdgeTestHost.StartAsync(clock, yaml, directory: directory);
        var restarted = second.Get<PlanBoard>();
        await Poll.UntilAsync(() => restarted.Get(Group) is not null, "the restarted service makes its first plan");

        var connector = second.Get<LiveSiteState>().Connector(FieldSite.Id(1, 1), 1);
        connector.TransactionId.Should().Be(firstTx);
        connector.EnergyRegisterWh.Should().Be(6_500);
        connector.Status.Should().Be("Charging");
        var firstPlan = restarted.Get(Group)!;
        firstPlan.Record.InputSha256.Should().Be(inputHash, "the restarted service plans from the same inputs");
        firstPlan.Record.OutputSha256.Should().Be(outputHash);
        (await second.Get<SlotPlanRepository>().GetLatestAsync(Group))!.InputSha256.Should().Be(inputHash, "and archives that plan");
    }
}
