using OliMove.Edge.Testing;
using OliMove.Storage;

namespace OliMove.Bench.HistoryExport;

/// <summary>
/// Writes a simulated week through the product's repositories: per charger and day a few sessions of 1–4 h at up to
/// 11 kW, the energy register and the power sampled every 5 minutes, every third session an opted-in promise of a
/// site user, all stopped. Deterministic (seeded) so that runs compare.
/// </summary>
public static class WeekOfSessions
{
    public static async Task<(int Sessions, long MeterRows)> WriteAsync(EdgeTestHost host, IReadOnlyList<string> chargePoints, DateTimeOffset monday, int days, int sessionsPerDay)
    {
        var random = new Random(23);
        var db = host.Get<EdgeDatabase>();
        var transactions = host.Get<TransactionRepository>();
        var meters = host.Get<MeterValueRepository>();
        var users = host.Get<UserRepository>();
        var requests = host.Get<ChargingRequestRepository>();
        var userIds = new List<long>();
        for (var u = 0; u < 50; u++)
        {
            var id = await users.CreateAsync($"driver{u:00}", $"Driver, \"{u:00}\"", null, monday.AddDays(-30));
            await users.AddIdTagAsync(id, $"DRV-{u:00}", monday.AddDays(-30));
            userIds.Add(id);
        }

        var sessions = 0;
        long rows = 0;
        foreach (var cp in chargePoints)
        {
            long register = random.Next(0, 5_000_000);
            for (var day = 0; day < days; day++)
            {
                var at = monday.AddDays(day).AddHours(6 + random.Next(0, 3));
                for (var s = 0; s < sessionsPerDay; s++)
                {
                    var duration = TimeSpan.FromMinutes(60 + (random.Next(0, 13) * 15));
                    var powerW = random.Next(3_000, 11_001);
                    var user = random.Next(0, userIds.Count);
                    var start = at;
                    var steps = (int)(duration.TotalMinutes / 5);
                    var energy = (long)(powerW * duration.TotalHours);
                    var meterStart = register;
                    var optIn = sessions % 3 == 0;
                    await db.WriteAsync(async scope =>
                    {
                        var tx = (await transactions.StartAsync(scope, new NewTransaction(cp, 1, $"DRV-{user:00}", meterStart, start))).TransactionId;
                        var samples = new List<MeterSample>(steps * 2);
                        for (var i = 1; i <= steps; i++)
                        {
                            samples.Add(new MeterSample(cp, 1, tx, start.AddMinutes(5 * i), MeterValueRepository.EnergyRegisterMeasurand, null, "Sample.Periodic", meterStart + (energy * i / steps), "Wh"));
                            samples.Add(new MeterSample(cp, 1, tx, start.AddMinutes(5 * i), "Power.Active.Import", null, "Sample.Periodic", powerW, "W"));
                        }

                        await meters.AddAsync(scope, samples);
                        if (optIn)
                        {
                            // Asked a little more or less than it got, so that the list has promises met and missed.
                            var asked = energy * (0.8 + (random.NextDouble() * 0.4));
                            var request = await requests.CreateAsync(scope, new NewChargingRequest(userIds[user], cp, 1, true, asked, start + duration, null, null), start.AddMinutes(-5));
                            await requests.AcceptAsync(scope, request.Id, start.AddMinutes(-5));
                            await requests.ActivateAsync(scope, request.Id, tx, start);
                            await requests.CompleteAsync(scope, request.Id, start + duration);
                        }

                        await transactions.StopAsync(scope, tx, meterStart + energy, start + duration, "EVDisconnected");
                    });
                    register += energy;
                    rows += steps * 2;
                    sessions++;
                    at = start + duration + TimeSpan.FromMinutes(random.Next(10, 90));
                }
            }
        }

        return (sessions, rows);
    }
}
