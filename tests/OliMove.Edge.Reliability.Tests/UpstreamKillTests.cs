using OliMove.Edge.Tests.Upstream;
using OliMove.Tools.CpSimulator;

namespace OliMove.Edge.ReliabilityTests;

/// <summary>
/// Issue 15, the upstream link's durable queue: the CPO's backend (npm ocpp-rpc, strict) is down while sessions
/// start and stop, and the edge (a child process) is killed with SIGKILL in the middle of that outage and
/// started again. When the backend is back it receives every transaction message once, in order, with
/// consistent ids.
/// </summary>
public class UpstreamKillTests
{
    [Fact]
    public async Task The_backend_gets_every_transaction_message_once_in_order_across_an_outage_and_a_kill_of_the_edge()
    {
        var directory = Path.Combine(Path.GetTempPath(), "olimove-upstream-kill-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        await File.WriteAllTextAsync(Path.Combine(directory, "site.yaml"), TestSiteMap.Yaml(1, 2, 22_000));
        await using var backend = await RecordingBackend.StartAsync(Path.Combine(directory, "backend.jsonl"));
        var environment = new Dictionary<string, string>
        {
            ["OLIMOVE_Upstream__Url"] = backend.Url.ToString(),
            ["OLIMOVE_Upstream__ReplyBoundSeconds"] = "5",
            ["OLIMOVE_Upstream__ReconnectMinSeconds"] = "0.2",
            ["OLIMOVE_Upstream__ReconnectMaxSeconds"] = "1",
        };
        var port = EdgeProcess.FreePort();
        var cps = TestSiteMap.Ids(1, 2).Select(id => new SimulatedChargePoint(new SimulatedChargePointOptions
        {
            ChargePointId = id,
            CentralSystem = new Uri($"ws://127.0.0.1:{port}/ocpp"),
            AuthorizationKey = TestSiteMap.Key(id),
            AllowedChargingRateUnits = "Power",
            CallTimeout = TimeSpan.FromSeconds(10),
        })).ToList();
        var (a, b) = (cps[0], cps[1]);
        EdgeProcess? edge = null;
        try
        {
            edge = await EdgeProcess.StartAsync(directory, port, environment);
            foreach (var cp in cps)
            {
                await cp.ConnectAsync();
                await cp.BootAsync();
            }
            await Poll.UntilAsync(async () => (await backend.ConnectedAsync()).Count == 2, "both chargers appear at the backend");
            await a.StartTransactionAsync(1, "TAG-A", new FixedLimitCar(11_000));
            a.TransactionIdOn(1).Should().BeGreaterThanOrEqualTo(100_000, "online: the backend's id");

            await backend.StopAsync();
            await a.SampleMeterValuesAsync();
            await b.StartTransactionAsync(1, "TAG-B", new FixedLimitCar(7_000));
            await b.SampleMeterValuesAsync();
            b.QueuedTransactionMessages.Should().Be(0, "the edge acknowledged them");

            await edge.KillAsync();
            await edge.DisposeAsync();
            edge = null;
            edge = await EdgeProcess.StartAsync(directory, port, environment);
            foreach (var cp in cps)
            {
                await cp.ConnectAsync();
                await cp.BootAsync();
                await cp.FlushAsync();
            }
            await a.StopTransactionAsync(1);
            await b.SampleMeterValuesAsync();
            await b.StopTransactionAsync(1);

            await backend.RestartAsync(firstTransactionId: 200_000);
            await Poll.Until(() => backend.Received().Count(c => c.Action == "StopTransaction") == 2, "both stops reach the backend", 60);
            await edge.DisposeAsync();
            edge = null;

            var received = backend.Received().Where(c => c.Action is "StartTransaction" or "StopTransaction" or "MeterValues").ToList();
            foreach (var cp in cps)
            {
                var own = received.Where(c => c.Identity == cp.ChargePointId).ToList();
                own.Select(c => c.Action).Should().Equal(
                    cp == a
                        ? ["StartTransaction", "MeterValues", "StopTransaction"]
                        : ["StartTransaction", "MeterValues", "MeterValues", "StopTransaction"],
                    "each message once, in the order the charger sent it");
                var backendId = own[0].Reply!["transactionId"]!.GetValue<int>();
                own.Skip(1).Should().OnlyContain(c => c.Params["transactionId"]!.GetValue<int>() == backendId);
            }
            received.Single(c => c.Identity == b.ChargePointId && c.Action == "StartTransaction").Reply!["transactionId"]!.GetValue<int>()
                .Should().BeGreaterThanOrEqualTo(200_000, "B started while the backend was down: its id came with the replay");
        }
        finally
        {
            if (edge is not null)
            {
                await edge.DisposeAsync();
            }
            foreach (var cp in cps)
            {
                await cp.DisposeAsync();
            }
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
