using OliMove.Edge.Testing;
using OliMove.Storage;

namespace OliMove.Edge.WebTests;

/// <summary>
/// Stored sessions for the history tests, written through the product's own repositories into the service's real
/// SQLite file: a transaction with its energy register sampled every 5 minutes, and optionally a user and a promise.
/// </summary>
public static class SessionHistorySeed
{
    /// <summary>Monday 1 December 2026, 08:00 in Europe/Berlin (the history site's zone, UTC+1 in winter).</summary>
    public static readonly DateTimeOffset Morning = new(2026, 12, 1, 7, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// The demo site map in Europe/Berlin: a zone east of UTC with summer time, so local days, weeks and months cut
    /// across UTC ones (the demo site itself runs on the Caltech day's UTC-8).
    /// </summary>
    public static string BerlinSiteMapYaml()
    {
        var demo = File.ReadAllText(Path.Combine(EdgeTestHost.RepoRoot(), "site-maps", "demo.yaml"));
        var berlin = System.Text.RegularExpressions.Regex.Replace(demo, @"(?m)^  timeZone: .*$", "  timeZone: Europe/Berlin");
        return berlin != demo ? berlin : throw new InvalidOperationException("site-maps/demo.yaml names no site.timeZone to replace");
    }

    public static async Task<long> UserAsync(EdgeTestHost host, string login, string displayName, string idTag)
    {
        var users = host.Get<UserRepository>();
        var id = await users.CreateAsync(login, displayName, null, Morning.AddDays(-30));
        await users.AddIdTagAsync(id, idTag, Morning.AddDays(-30));
        return id;
    }

    /// <summary>
    /// A session delivering <paramref name="energyWh"/> evenly over <paramref name="duration"/>; stopped at its end
    /// unless <paramref name="stop"/> is false. With <paramref name="promise"/> (user, energy, departure) an opted-in
    /// request is bound to it, as the request desk and the settler leave one.
    /// </summary>
    public static async Task<long> SessionAsync(
        EdgeTestHost host, string chargePointId, string idTag, DateTimeOffset start, TimeSpan duration, long energyWh,
        bool stop = true, (long UserId, long EnergyWh, DateTimeOffset Departure)? promise = null, long meterStartWh = 1_000_000)
    {
        var db = host.Get<EdgeDatabase>();
        var transactions = host.Get<TransactionRepository>();
        var meters = host.Get<MeterValueRepository>();
        var tx = (await transactions.StartAsync(new NewTransaction(chargePointId, 1, idTag, meterStartWh, start))).TransactionId;
        var steps = (int)(duration / TimeSpan.FromMinutes(5));
        var samples = Enumerable.Range(1, steps).Select(i => new MeterSample(
            chargePointId, 1, tx, start.AddMinutes(5 * i), MeterValueRepository.EnergyRegisterMeasurand, null, "Sample.Periodic",
            meterStartWh + (energyWh * i / steps), "Wh")).ToList();
        await db.WriteAsync(scope => meters.AddAsync(scope, samples));
        if (promise is { } p)
        {
            var requests = host.Get<ChargingRequestRepository>();
            var request = await requests.CreateAsync(new NewChargingRequest(p.UserId, chargePointId, 1, true, p.EnergyWh, p.Departure, null, null), start.AddMinutes(-5));
            await requests.AcceptAsync(request.Id, start.AddMinutes(-5));
            await requests.ActivateAsync(request.Id, tx, start);
            if (stop)
            {
                await requests.CompleteAsync(request.Id, start + duration);
            }
        }

        if (stop)
        {
            await transactions.StopAsync(tx, meterStartWh + energyWh, start + duration, "Local");
        }

        return tx;
    }
}
