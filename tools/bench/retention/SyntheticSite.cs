using System.Text;
using OliMove.Edge.Planning;
using OliMove.Scheduling;
using OliMove.SiteMap.Model;
using OliMove.SiteMap.Topology;
using OliMove.Storage;

namespace OliMove.Bench.Retention;

/// <summary>
/// The site of the soak week (docs/bench/soak.md) as synthetic load: chargers of 11 kW in groups of 10 on 44 kW,
/// about one session per charger and day (arrival 06:00–18:00, 10–40 kWh at up to 11 kW), a MeterValues every
/// <see cref="BenchSettings.SampleSeconds"/> during a session with 7 sampled values (register, power, 3 currents,
/// voltage, SoC). Plans are real allocator plans of each group's plugged-in sessions: made for the first day, one
/// per group and slot of the day, and reused (same JSON) for the same group and slot on later days, so their size
/// and their compression are those of real plans while the bench does not spend hours planning.
/// </summary>
internal sealed class SyntheticSite(BenchSettings settings)
{
    private readonly Dictionary<(int Group, int Slot), NewSlotPlan> _plans = [];
    private (IReadOnlyList<SyntheticSession> Sessions, Dictionary<int, long> Ids)? _firstDay;

    public static string ChargerId(int i) => $"CP-{i:D4}";

    public static string GroupId(int g) => $"cabinet-{g:D3}";

    /// <summary>The site: one root circuit of 44 kW per group of ten 11 kW chargers (the group is its root circuit).</summary>
    public SiteTopology Site => SiteTopology.Build(new SiteMapDocument(
        "retention-bench",
        "Retention bench",
        230,
        new GridConnection(null, settings.Groups * 44_000.0),
        [.. Enumerable.Range(0, settings.Groups).Select(g => new CircuitDefinition(GroupId(g), null, null, 44_000))],
        [
            .. Enumerable.Range(0, settings.ChargePoints).Select(i => new ChargePointDefinition(ChargerId(i), GroupId(i / BenchSettings.ChargersPerGroup), null, ChargingRateUnit.A,
                [new ConnectorDefinition(1, $"DE*BEN*E{i:D4}*1", ConnectionType.Type2, 11_000, 3, null, 6, 16)])),
        ],
        [],
        [],
        []));

    /// <summary>The day's sessions (charger, arrival, departure, energy), the same for a given day on every run.</summary>
    public IReadOnlyList<SyntheticSession> SessionsOf(int day, DateTimeOffset midnight)
    {
        var random = new Random(day * 7919 + 17);
        var sessions = new List<SyntheticSession>();
        for (var i = 0; i < settings.ChargePoints; i++)
        {
            if (random.NextDouble() >= 0.96)
            {
                continue;
            }

            var arrival = midnight.AddMinutes(360 + random.Next(0, 12 * 60));
            var stay = TimeSpan.FromMinutes(random.Next(60, 600));
            var departure = arrival + stay > midnight.AddHours(23.5) ? midnight.AddHours(23.5) : arrival + stay;
            var energyWh = Math.Min(random.Next(10_000, 40_000), (long)(11_000 * (departure - arrival).TotalHours));
            sessions.Add(new SyntheticSession(i, arrival, departure, energyWh));
        }

        return sessions;
    }

    /// <summary>The samples taken in [from, to) of the given sessions.</summary>
    public IEnumerable<MeterSample> SamplesIn(IReadOnlyList<SyntheticSession> sessions, IReadOnlyDictionary<int, long> transactionIds, DateTimeOffset from, DateTimeOffset to)
    {
        foreach (var s in sessions)
        {
            for (var at = s.Arrival.AddSeconds(settings.SampleSeconds); at <= s.Departure && at < to; at = at.AddSeconds(settings.SampleSeconds))
            {
                if (at < from)
                {
                    continue;
                }

                var hours = (at - s.Arrival).TotalHours;
                var delivered = Math.Min(s.EnergyWh, 11_000 * hours);
                var power = delivered < s.EnergyWh ? 11_000.0 : 0;
                var tx = transactionIds[s.Charger];
                var cp = ChargerId(s.Charger);
                yield return new MeterSample(cp, 1, tx, at, MeterValueRepository.EnergyRegisterMeasurand, null, "Sample.Periodic", Math.Round(delivered), "Wh");
                yield return new MeterSample(cp, 1, tx, at, "Power.Active.Import", null, "Sample.Periodic", power, "W");
                foreach (var phase in new[] { "L1", "L2", "L3" })
                {
                    yield return new MeterSample(cp, 1, tx, at, "Current.Import", phase, "Sample.Periodic", Math.Round(power / 690, 1), "A");
                }

                yield return new MeterSample(cp, 1, tx, at, "Voltage", "L1-N", "Sample.Periodic", 230.4, "V");
                yield return new MeterSample(cp, 1, tx, at, "SoC", null, "Sample.Periodic", Math.Min(100, 20 + delivered / 600), "Percent");
            }
        }
    }

    /// <summary>
    /// The plan of one group and slot of the day: made by the allocator from the first day's sessions (with the
    /// transaction ids the first day gets, 1, 2, … in order of plug-in), reused after. It depends on the settings
    /// alone, so a resumed run stores the same plans as one that never stopped.
    /// </summary>
    public NewSlotPlan PlanOf(int group, int slotOfDay, DateTimeOffset slotStart)
    {
        if (!_plans.TryGetValue((group, slotOfDay), out var plan))
        {
            if (_firstDay is null)
            {
                var sessions = SessionsOf(0, YearSimulation.Start);
                _firstDay = (sessions, FirstDayTransactionIds(sessions));
            }

            var (firstDay, firstIds) = _firstDay.Value;
            var firstSlotStart = YearSimulation.Start.AddMinutes(15 * slotOfDay);
            var horizon = 96;
            var plugged = firstDay.Where(s => s.Charger / BenchSettings.ChargersPerGroup == group && s.Arrival <= firstSlotStart && s.Departure > firstSlotStart).ToList();
            var snapshot = new GroupSnapshot(GroupId(group), firstSlotStart, SlotClock.SlotSeconds, horizon,
                [new CircuitSnapshot(GroupId(group), null, [.. Enumerable.Repeat(44_000L, horizon)], [.. Enumerable.Repeat(0L, horizon)])],
                [.. plugged.Select(s => new SessionSnapshot(PlanIds.SessionIdOf(firstIds[s.Charger]), ChargerId(s.Charger) + "/1", GroupId(group), 3, 0, 4_140, 11_000, 4_140, 11_000,
                    s.Arrival, s.Departure, s.EnergyWh, (long)Math.Min(s.EnergyWh, 11_000 * (firstSlotStart - s.Arrival).TotalHours), true, false))]);
            var input = CanonicalJson.SnapshotBytes(snapshot);
            var output = CanonicalJson.PlanBytes(SlotAllocator.Plan(snapshot));
            plan = new NewSlotPlan(GroupId(group), firstSlotStart, AlgorithmVersion.Id, Encoding.UTF8.GetString(input), Encoding.UTF8.GetString(output),
                CanonicalJson.Sha256Hex(input), CanonicalJson.Sha256Hex(output));
            _plans[(group, slotOfDay)] = plan;
        }

        return plan with { SlotStart = slotStart };
    }

    /// <summary>The ids the first day's transactions get in a new database: 1, 2, … in the order the driver starts them.</summary>
    private static Dictionary<int, long> FirstDayTransactionIds(IReadOnlyList<SyntheticSession> sessions)
    {
        var ids = new Dictionary<int, long>();
        for (var slot = 0; slot < 96; slot++)
        {
            var slotStart = YearSimulation.Start.AddMinutes(15 * slot);
            foreach (var s in sessions.Where(s => s.Arrival >= slotStart && s.Arrival < slotStart.AddMinutes(15)))
            {
                ids[s.Charger] = ids.Count + 1;
            }
        }

        return ids;
    }

    /// <summary>A slot record's payload as the outbox holds it: one status row per charger (~110 bytes each).</summary>
    public string SlotPayload(DateTimeOffset slotStart)
    {
        var json = new StringBuilder(settings.ChargePoints * 120);
        json.Append("{\"slotId\":").Append(slotStart.ToUnixTimeSeconds() / 900).Append(",\"rows\":[");
        for (var i = 0; i < settings.ChargePoints; i++)
        {
            json.Append(i == 0 ? "" : ",").Append("{\"assetId\":\"0x").Append(i.ToString("x8")).Append(new string('0', 56))
                .Append("\",\"setpointW\":").Append(i * 7 % 11_000).Append(",\"measuredW\":").Append(i * 13 % 11_000).Append('}');
        }

        return json.Append("]}").ToString();
    }
}
