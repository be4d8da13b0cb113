using OliMove.Scheduling;

namespace OliMove.Bench.Scheduling;

/// <summary>
/// Writes the allocator's golden inputs (tests/OliMove.Scheduling.Tests/GoldenPlans): canonical snapshot JSONs
/// that a refactoring of the allocator must plan to the very same bytes. Two kinds, so every layer has work:
/// the demo day (Caltech, 5 March 2019, the day tools/demo replays) re-planned online at every arrival and
/// departure with every session through admission, at a tight and a loose limit on 5-minute slots; and seeded
/// synthetic groups on 15-minute slots (nested circuits, phase limits, PV surplus, the 6 A minimum, walk-ins),
/// also cut later in the day (sessions already charging, some past their departure), with rampdown (the EV draws
/// less than its connector allows) and on 5-minute slots.
/// </summary>
internal static class GoldenSnapshots
{
    public const string DemoDay = "2019-03-05";

    public static int Write(string directory, IReadOnlyList<CaltechSession> all, long[] pricesMicros, long demandMicros)
    {
        Directory.CreateDirectory(directory);
        int written = 0;
        void Save(string name, GroupSnapshot snapshot)
        {
            File.WriteAllBytes(Path.Combine(directory, name + ".input.json"), CanonicalJson.SnapshotBytes(snapshot));
            written++;
        }

        int dayStart = (int)((DateTime.Parse(DemoDay, System.Globalization.CultureInfo.InvariantCulture) - CaltechData.Origin).Ticks / (TimeSpan.TicksPerSecond * CaltechData.PeriodSeconds));
        int dayEnd = dayStart + 24 * 3600 / CaltechData.PeriodSeconds;
        var day = all.Where(s => s.ArrivalPeriod >= dayStart && s.ArrivalPeriod < dayEnd).ToList();
        foreach (long limitW in new[] { 15_000L, 40_000L })
        {
            var inputs = new List<GroupSnapshot>();
            OnlineSimulator.Run(day, limitW, new LayeredAllocator(), admission: true, inputs.Add);
            // Every fourth re-plan keeps the set compact and still spans the whole day.
            for (int i = 0; i < inputs.Count; i += 4)
                Save($"demo-day-{limitW / 1000}kw-{i:D3}", inputs[i]);
        }

        foreach (var (sessions, seeds) in new[] { (12, 4), (40, 2) })
        {
            for (int seed = 1; seed <= seeds; seed++)
            {
                var group = SyntheticGroup.Create(sessions, seed);
                string name = $"synthetic-{sessions}-seed{seed}";
                Save(name, group);
                Save(name + "-later", Later(group, 30));
                Save(name + "-rampdown", Rampdown(Later(group, 44), seed));
                Save(name + "-5min", group with { SlotSeconds = 300 });
            }
        }
        // With price signals (issue 20): the cost placement's plans pinned too, so a speed-up that moves one is caught.
        foreach (long limitW in new[] { 15_000L, 40_000L })
        {
            var inputs = new List<GroupSnapshot>();
            var load = new long[OnlineSimulator.Periods(all)];
            OnlineSimulator.Run(day, limitW, new LayeredAllocator(), admission: true, inputs.Add,
                CostBenchmark.PriceSignals(pricesMicros, demandMicros, load, 0), load);
            for (int i = 0; i < inputs.Count; i += 4)
                Save($"priced-demo-day-{limitW / 1000}kw-{i:D3}", inputs[i]);
        }
        foreach (var (sessions, seeds) in new[] { (12, 4), (40, 2) })
        {
            for (int seed = 1; seed <= seeds; seed++)
            {
                var group = SyntheticGroup.Create(sessions, seed);
                string name = $"priced-synthetic-{sessions}-seed{seed}";
                foreach (var (kind, signals) in Signals(group.HorizonSlots, group.Circuits.Max(c => c.GuaranteedW.Max())))
                    Save($"{name}-{kind}", group with { Signals = signals });
                Save(name + "-later", Later(group, 30) with { Signals = Signals(group.HorizonSlots - 30, 0)[0].Signals });
            }
        }
        // The speed benchmark's own input (SignalsSpeedBenchmarks), so the plan it times is the plan pinned here.
        Save("priced-synthetic-500-seed7", SignalsSpeedBenchmarks.WithPrices(SyntheticGroup.Create(500)));
        return written;
    }

    /// <summary>
    /// Signals that take every branch of the cost placement: a demand charge from no peak (the cap search in full),
    /// a peak so far and an expected peak, prices alone (no demand charge), CO₂, and a peak at the group's limit
    /// (energy first). Prices by the hour as SCE TOU-EV-4 on a winter weekday.
    /// </summary>
    private static (string Kind, EnergySignals Signals)[] Signals(int horizon, long capacityW)
    {
        var prices = Enumerable.Range(0, horizon).Select(t => (t / 4 % 24) switch { < 8 or >= 23 => 60_870L, < 12 or >= 18 => 74_920L, _ => 86_900L }).ToArray();
        var co2 = Enumerable.Range(0, horizon).Select(t => (long)(380 - 200 * Math.Sin(Math.PI * Math.Clamp(t / 4 % 24 - 7, 0, 12) / 12))).ToArray();
        return
        [
            ("demand", new EnergySignals(PlacementObjective.Cost, prices, null, null, 15_510_000, 0)),
            ("peak", new EnergySignals(PlacementObjective.Cost, prices, null, null, 15_510_000, capacityW / 5, capacityW / 3)),
            ("tou", new EnergySignals(PlacementObjective.Cost, prices, null, null, 0, 0)),
            ("co2", new EnergySignals(PlacementObjective.Co2, null, null, co2, 0, 0)),
            ("limit", new EnergySignals(PlacementObjective.Cost, prices, null, null, 15_510_000, capacityW)),
        ];
    }

    /// <summary>The group as seen <paramref name="slots"/> slots later: series cut, sessions that arrived since
    /// are plugged in and have drawn some energy, sessions whose declared departure has passed are still there.</summary>
    private static GroupSnapshot Later(GroupSnapshot g, int slots)
    {
        var start = g.SlotStart.AddSeconds((long)slots * g.SlotSeconds);
        int h = g.HorizonSlots - slots;
        static long[] Cut(IReadOnlyList<long> x, int from) => x.Skip(from).ToArray();
        var circuits = g.Circuits.Select(c => c with
        {
            GuaranteedW = Cut(c.GuaranteedW, slots),
            SurplusW = Cut(c.SurplusW, slots),
            PhaseGuaranteedW = c.PhaseGuaranteedW is { } p ? new PhaseSeries(Cut(p.L1, slots), Cut(p.L2, slots), Cut(p.L3, slots)) : null,
            PhaseSurplusW = c.PhaseSurplusW is { } q ? new PhaseSeries(Cut(q.L1, slots), Cut(q.L2, slots), Cut(q.L3, slots)) : null,
        }).ToArray();
        var sessions = g.Sessions.Where(x => x.Arrival < start).Select(x =>
        {
            long hours = (long)(start - x.Arrival).TotalHours;
            long drawn = x.EnergyRequestedWh is { } req ? Math.Min(req, hours * x.ConnectorMaxW / 3) : hours * x.ConnectorMaxW / 3;
            return x with { EnergyDeliveredWh = drawn };
        }).ToArray();
        return new GroupSnapshot(g.GroupId, start, g.SlotSeconds, h, circuits, sessions);
    }

    /// <summary>Every other EV draws less than its connector allows, so its max as seen is lowered (rampdown).</summary>
    private static GroupSnapshot Rampdown(GroupSnapshot g, int seed)
    {
        var r = new Random(seed);
        var sessions = g.Sessions.Select((x, i) => i % 2 == 0
            ? x with { VehicleMaxW = Math.Max(x.VehicleMinW, x.ConnectorMaxW * r.Next(30, 90) / 100) }
            : x).ToArray();
        return g with { Sessions = sessions };
    }
}
