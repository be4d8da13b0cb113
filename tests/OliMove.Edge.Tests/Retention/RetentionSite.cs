using System.Numerics;
using System.Text;
using OliMove.Edge.Planning;
using OliMove.Scheduling;
using OliMove.SiteMap.Model;
using OliMove.SiteMap.Topology;
using OliMove.Storage;

namespace OliMove.Edge.Tests.Retention;

/// <summary>
/// A small site written straight into a real SQLite file, as the service writes it: two chargers in group g1, a
/// settled session on each every day from 08:00 to 12:00 (register and power every 5 minutes), a plan of g1 every
/// 15 minutes made by the real allocator (so that verify replays it), and the slot's chain record, confirmed.
/// </summary>
public sealed class RetentionSite
{
    public const string Group = "g1";
    public static readonly string[] Chargers = ["RET-1", "RET-2"];

    private readonly EdgeDatabase _db;

    public RetentionSite(EdgeDatabase db) => _db = db;

    /// <summary>Energy delivered per settled transaction, from the register as it was sampled (last − first).</summary>
    public Dictionary<long, double> SampledEnergyWh { get; } = [];

    public async Task RegisterAsync(DateTimeOffset at)
    {
        // Group g1 is the root circuit; the chargers hang on cabinet-a below it.
        ChargePointDefinition Charger(string id) =>
            new(id, "cabinet-a", null, ChargingRateUnit.A, [new ConnectorDefinition(1, $"DE*RET*{id}*1", ConnectionType.Type2, 11_000, 3, null, 6, 16)]);
        var site = SiteTopology.Build(new SiteMapDocument(
            "retention", "Retention", 230, new GridConnection(null, 200_000),
            [new CircuitDefinition(Group, null, 63, null), new CircuitDefinition("cabinet-a", Group, 32, null)],
            [.. Chargers.Select(Charger)], [], [], []));
        await new ChargePointRepository(_db).SyncFromSiteMapAsync(site, at);
    }

    public async Task<long> StartAsync(string charger, DateTimeOffset at, long meterStartWh) =>
        (await new TransactionRepository(_db).StartAsync(new NewTransaction(charger, 1, "TAG-" + charger, meterStartWh, at))).TransactionId;

    public async Task SampleAsync(string charger, long? tx, DateTimeOffset at, double registerWh, double powerW) =>
        await new MeterValueRepository(_db).AddAsync(
        [
            new MeterSample(charger, 1, tx, at, MeterValueRepository.EnergyRegisterMeasurand, null, "Sample.Periodic", registerWh, "Wh"),
            new MeterSample(charger, 1, tx, at, MeterValueRetention.PowerMeasurand, null, "Sample.Periodic", powerW, "W"),
        ]);

    public async Task SettleAsync(long tx, long meterStopWh, DateTimeOffset at)
    {
        await new TransactionRepository(_db).StopAsync(tx, meterStopWh, at, "EVDisconnected");
        await new SessionSettlementRepository(_db).RecordAsync(new SessionSettlement(tx, meterStopWh, 0, "EUR", 0, BigInteger.Zero, at));
    }

    /// <summary>One day: a session per charger 08:00–12:00 (11 kW), 96 plans of g1, a confirmed chain record per slot.</summary>
    public async Task SimulateDayAsync(DateTimeOffset day)
    {
        var sessions = new Dictionary<string, long>();
        foreach (var charger in Chargers)
        {
            var start = day.AddHours(8);
            var tx = await StartAsync(charger, start, 100_000);
            sessions[charger] = tx;
            for (var minute = 0; minute <= 240; minute += 5)
            {
                await SampleAsync(charger, tx, start.AddMinutes(minute), 100_000 + (11_000.0 * minute / 60), 11_000);
            }

            SampledEnergyWh[tx] = 11_000.0 * 4;
            await SettleAsync(tx, 100_000 + 44_000, start.AddHours(4));
        }

        var plans = new SlotPlanRepository(_db);
        var outbox = new ChainOutboxRepository(_db);
        for (var slot = 0; slot < 96; slot++)
        {
            var slotStart = day.AddMinutes(15 * slot);
            var charging = slot is >= 32 and < 48 ? sessions.Select(s => (Charger: s.Key, Tx: s.Value)).ToList() : [];
            await plans.AppendAsync(Plan(slotStart, charging), slotStart);
            await outbox.EnqueueAsync(OliMove.Chain.ChainOutboxKinds.SlotStatus, $"slot:{slotStart.ToUnixTimeSeconds()}", $$"""{"slot":{{slotStart.ToUnixTimeSeconds()}}}""", slotStart);
        }

        var queued = await outbox.ListUnconfirmedAsync(null, 1000);
        await outbox.MarkConfirmedAsync([.. queued.Select(i => i.Id)], "0x" + new string('a', 64), 1, day.AddDays(1));
    }

    public static NewSlotPlan Plan(DateTimeOffset slotStart, IReadOnlyList<(string Charger, long Tx)> charging)
    {
        const int horizon = 8;
        var snapshot = new GroupSnapshot(Group, slotStart, SlotClock.SlotSeconds, horizon,
            [new CircuitSnapshot("cabinet-a", null, [.. Enumerable.Repeat(22_000L, horizon)], [.. Enumerable.Repeat(0L, horizon)])],
            [.. charging.Select(c => new SessionSnapshot(PlanIds.SessionIdOf(c.Tx), c.Charger + "/1", "cabinet-a", 3, 0, 4_140, 11_000, 4_140, 11_000,
                slotStart.AddMinutes(-30), null, null, 5_000, false, false))]);
        var input = CanonicalJson.SnapshotBytes(snapshot);
        var output = CanonicalJson.PlanBytes(SlotAllocator.Plan(snapshot));
        return new NewSlotPlan(Group, slotStart, AlgorithmVersion.Id, Encoding.UTF8.GetString(input), Encoding.UTF8.GetString(output),
            CanonicalJson.Sha256Hex(input), CanonicalJson.Sha256Hex(output));
    }
}
