using System.Globalization;
using OliMove.Ocpp.Messages;
using OliMove.Tools.CpSimulator;

namespace OliMove.Edge.ReliabilityTests;

/// <summary>
/// Issue 12, kill -9: the real service as a child process, killed with SIGKILL at random points while
/// simulated charge points start, meter and stop sessions. After every restart nothing acknowledged is lost
/// or doubled, and while it is down each cabinet stays within its limit on the fail-safe profiles alone.
/// </summary>
public class CrashRecoveryTests
{
    private const int ChargePoints = 4;
    private const long CabinetLimitW = 22_000;
    private const string AnvilDevKey = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";

    [Fact]
    public async Task Killing_the_service_at_random_points_loses_and_doubles_nothing_and_the_fail_safes_fit_the_cabinet_while_it_is_down()
    {
        var directory = Path.Combine(Path.GetTempPath(), "olimove-kill-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        await File.WriteAllTextAsync(Path.Combine(directory, "site.yaml"), TestSiteMap.Yaml(1, ChargePoints, CabinetLimitW));
        // A chain that is configured but down: the operator key is loaded, so the log check below means something.
        await File.WriteAllTextAsync(Path.Combine(directory, "operator.key"), AnvilDevKey);
        await new OliMove.Chain.ChainAddresses(31337, Hex(1), Hex(2), Hex(3), Hex(4), Hex(5), 1).SaveAsync(Path.Combine(directory, "addresses.json"));
        var environment = new Dictionary<string, string>
        {
            ["OLIMOVE_Chain__RpcUrl"] = $"http://127.0.0.1:{EdgeProcess.FreePort()}",
            ["OLIMOVE_Chain__AddressesFile"] = Path.Combine(directory, "addresses.json"),
            ["OLIMOVE_Chain__OperatorKeyFile"] = Path.Combine(directory, "operator.key"),
        };
        var port = EdgeProcess.FreePort();
        var random = new Random(12);
        var uri = new Uri($"ws://127.0.0.1:{port}/ocpp");
        var cps = TestSiteMap.Ids(1, ChargePoints).Select(id => new SimulatedChargePoint(new SimulatedChargePointOptions
        {
            ChargePointId = id,
            CentralSystem = uri,
            AuthorizationKey = TestSiteMap.Key(id),
            AllowedChargingRateUnits = "Power",
            CallTimeout = TimeSpan.FromSeconds(10),
        })).ToList();
        var startsMade = 0;
        var samplesTaken = new Dictionary<string, int>(StringComparer.Ordinal);
        var worstDownDrawW = 0.0;
        var overloads = new List<string>();
        var output = "";
        try
        {
            for (var cycle = 0; cycle <= ReliabilityScale.KillCycles; cycle++)
            {
                await using var edge = await EdgeProcess.StartAsync(directory, port, environment);
                await Task.WhenAll(cps.Select(ReconnectAsync));
                await Poll.Until(() => cps.All(cp => cp.Profiles.Profiles.Any(p => p.Profile.ChargingProfilePurpose == ChargingProfilePurposeType.TxDefaultProfile)), "every charger holds its fail-safe", 60);
                if (cycle == ReliabilityScale.KillCycles)
                {
                    await Poll.Until(() => cps.All(cp => cp.QueuedTransactionMessages == 0), "every queued message is delivered", 60);
                    await VerifyStoredAsync(Path.Combine(directory, "edge.db"), cps, startsMade, samplesTaken);
                    output = edge.Output;
                    break;
                }

                // Work that is in flight when the kill comes: sessions start and stop, meters sample.
                var killAfter = TimeSpan.FromMilliseconds(random.Next(50, 1500));
                var stops = cps.Select(_ => random.NextDouble() < 0.4).ToList();
                var work = Task.Run(async () =>
                {
                    for (var i = 0; i < cps.Count; i++)
                    {
                        var cp = cps[i];
                        var busy = cp.Connectors[0].LocalTransaction is not null;
                        if (busy && stops[i])
                        {
                            await cp.StopTransactionAsync(1);
                        }
                        else if (!busy)
                        {
                            await cp.StartTransactionAsync(1, $"TAG-{cp.ChargePointId}-{cycle}", new FixedLimitCar(11_000));
                            Interlocked.Increment(ref startsMade);
                        }

                        if (cp.Connectors[0].LocalTransaction is not null)
                        {
                            await cp.SampleMeterValuesAsync();
                            samplesTaken[cp.ChargePointId] = samplesTaken.GetValueOrDefault(cp.ChargePointId) + 1;
                        }
                    }
                });
                await Task.Delay(killAfter);
                await edge.KillAsync();
                await work;

                // Down: the chargers run on what they hold. Sum what each would draw now per cabinet.
                var now = DateTimeOffset.UtcNow;
                foreach (var cp in cps)
                {
                    cp.Advance(now);
                }

                var failSafeSumW = cps.Sum(cp => cp.Profiles.Profiles
                    .Where(p => p.Profile.ChargingProfilePurpose == ChargingProfilePurposeType.TxDefaultProfile)
                    .Sum(p => p.Profile.ChargingSchedule.ChargingSchedulePeriod[0].Limit));
                failSafeSumW.Should().BeLessThanOrEqualTo(CabinetLimitW, $"cycle {cycle}: the fail-safe defaults the chargers hold fit the cabinet together");
                var drawW = cps.Sum(cp => cp.Connectors[0].DrawW);
                worstDownDrawW = Math.Max(worstDownDrawW, drawW);
                if (drawW > CabinetLimitW)
                {
                    // Asserted after the last cycle, so that one overload does not hide whether anything was lost.
                    overloads.Add(string.Create(CultureInfo.InvariantCulture, $"cycle {cycle}: {drawW:0} W"));
                }
            }
        }
        finally
        {
            foreach (var cp in cps)
            {
                await cp.DropConnectionAsync();
            }
        }

        ReliabilityScale.Report(nameof(CrashRecoveryTests), string.Create(CultureInfo.InvariantCulture,
            $"{ReliabilityScale.KillCycles} kill -9 cycles, {ChargePoints} CPs, {startsMade} transactions started, {samplesTaken.Values.Sum()} meter samples; all stored exactly once; worst draw while down {worstDownDrawW:0} W of {CabinetLimitW} W; over the limit in {overloads.Count} cycles {string.Join(", ", overloads)}"));

        // A full run's logs and console output never carry an AuthorizationKey or a private key.
        var logs = string.Join("\n", Directory.GetFiles(Path.Combine(directory, "logs")).Select(File.ReadAllText)) + output;
        logs.Should().NotBeEmpty();
        logs.Should().NotContain("demo-key-").And.NotContain(AnvilDevKey[2..]);
        Directory.Delete(directory, recursive: true);
        // Once found here (docs/reliability.md, finding 3): a plan's TxProfile above the fail-safe share plus idle
        // neighbours starting on their static shares overloaded the cabinet. The window defaults (decision 0102)
        // close it, so both forms assert the draw itself.
        overloads.Should().BeEmpty("the cabinet stays within its limit while the service is down");
    }

    private static async Task ReconnectAsync(SimulatedChargePoint cp)
    {
        await cp.ConnectAsync();
        await cp.BootAsync();
        await cp.FlushAsync();
    }

    private static async Task VerifyStoredAsync(string database, IReadOnlyList<SimulatedChargePoint> cps, int startsMade, IReadOnlyDictionary<string, int> samplesTaken)
    {
        var transactions = await SiteDatabase.TransactionsAsync(database);
        transactions.Should().HaveCount(startsMade, "every started transaction is stored, once");
        foreach (var cp in cps)
        {
            if (cp.TransactionIdOn(1) is { } id)
            {
                transactions.Count(t => t.Id == id && t.ChargePointId == cp.ChargePointId).Should().Be(1);
            }

            var periodic = await SiteDatabase.ScalarAsync(database, $"SELECT COUNT(DISTINCT sampled_at) FROM meter_values WHERE context = 'Sample.Periodic' AND charge_point_id = '{cp.ChargePointId}'");
            periodic.Should().Be(samplesTaken.GetValueOrDefault(cp.ChargePointId), $"{cp.ChargePointId}: every meter sample is stored");
        }

        (await SiteDatabase.ScalarAsync(database, "SELECT COUNT(*) FROM (SELECT 1 FROM meter_values GROUP BY charge_point_id, connector_id, measurand, phase, context, sampled_at HAVING COUNT(*) > 1)")).Should().Be(0);
        (await SiteDatabase.ScalarAsync(database, "SELECT COUNT(*) FROM transactions WHERE stopped_at IS NULL")).Should().Be(cps.Count(cp => cp.Connectors[0].LocalTransaction is not null), "open transactions match the chargers");
    }

    private static string Hex(int n) => "0x" + n.ToString("x40", CultureInfo.InvariantCulture);
}
