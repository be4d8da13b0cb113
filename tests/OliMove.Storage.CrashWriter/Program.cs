// Child process of the kill -9 durability test. Usage: OliMove.Storage.CrashWriter <db file> <run> <max units>
// Each unit of work stores one meter value (the business fact) and its chain outbox row, then prints
// "ACK n" only after WriteAsync returned, i.e. after the commit. The parent kills this process at a
// random point and checks that every acknowledged unit is in the file.
// With a fourth argument <writers>, that many concurrent writers share the units and write them group-committed
// (EdgeDatabase.WriteGroupedAsync); each prints its "ACK n" when its unit's batch has committed.
using System.Globalization;
using OliMove.SiteMap.Model;
using OliMove.SiteMap.Topology;
using OliMove.Storage;
using OliMove.Storage.CrashWriter;

if (args.Length is not (3 or 4))
{
    Console.Error.WriteLine("usage: OliMove.Storage.CrashWriter <db file> <run> <max units> [<grouped writers>]");
    return 2;
}

var path = args[0];
var run = int.Parse(args[1], CultureInfo.InvariantCulture);
var maxUnits = int.Parse(args[2], CultureInfo.InvariantCulture);

await using var db = await EdgeDatabase.OpenAsync(path);
var now = new DateTimeOffset(2026, 11, 25, 0, 0, 0, TimeSpan.Zero);
var site = SiteTopology.Build(new SiteMapDocument(
    "crash-site", "Crash site", 230, new GridConnection(null, 100_000), [new CircuitDefinition("c1", null, 32, null)],
    [new ChargePointDefinition(CrashRun.ChargePointId, "c1", null, ChargingRateUnit.A, [new ConnectorDefinition(1, "E-1", ConnectionType.Type2, 11_000, 3, null, 6, 16)])],
    [], [], []));
await new ChargePointRepository(db).SyncFromSiteMapAsync(site, now);
var meterValues = new MeterValueRepository(db);
var outbox = new ChainOutboxRepository(db);

Console.Out.WriteLine("READY");
if (args.Length == 4)
{
    var writers = int.Parse(args[3], CultureInfo.InvariantCulture);
    await Task.WhenAll(Enumerable.Range(1, writers).Select(w => Task.Run(async () =>
    {
        for (var unit = w; unit <= maxUnits; unit += writers)
        {
            var n = unit;
            await db.WriteGroupedAsync(async scope =>
            {
                await meterValues.AddAsync(scope, [CrashRun.Sample(run, n)]);
                await outbox.EnqueueAsync(scope, "crash-test", CrashRun.OutboxKey(run, n), "{}", now);
            });
            Console.Out.WriteLine($"ACK {n}");
        }
    })));
    return 0;
}

for (var n = 1; n <= maxUnits; n++)
{
    var unit = n;
    await db.WriteAsync(async scope =>
    {
        await meterValues.AddAsync(scope, [CrashRun.Sample(run, unit)]);
        await outbox.EnqueueAsync(scope, "crash-test", CrashRun.OutboxKey(run, unit), "{}", now);
    });
    // Console.Out flushes every write: the line leaves the process before the next unit starts.
    Console.Out.WriteLine($"ACK {unit}");
}

return 0;
