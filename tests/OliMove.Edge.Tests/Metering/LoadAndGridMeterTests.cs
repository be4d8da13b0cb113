using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using OliMove.Edge.Hosting;
using OliMove.Edge.Live;
using OliMove.Edge.Metering;
using OliMove.Modbus.Meters;
using OliMove.Modbus.Polling;
using OliMove.Scheduling;
using OliMove.SiteMap;
using OliMove.Storage;

namespace OliMove.Edge.Tests.Metering;

/// <summary>
/// Meters on a single load and on the grid connection give a circuit's other load and its forecast (decision 0351):
/// unit level on a fake clock with a real SQLite history.
/// </summary>
public sealed class LoadAndGridMeterTests : IAsyncLifetime
{
    // cabinet: 100 A = 69 kW, a one-phase pump on L3 (metered, 9 kW worst case) and lights (3 kW reserved);
    // hall: 63 A = 43.47 kW, an office declared at 20 kW; a 30 kW PV inverter on the hall; a grid meter.
    private const string Site = """
        site:
          id: t
        gridConnection:
          limitA: 200
        circuits:
          - id: cabinet
            limitA: 100
          - id: hall
            limitA: 63
        chargePoints:
          - chargePointId: CP-C
            circuit: cabinet
            chargingRateUnit: W
            connectors:
              - { connectorId: 1, evseId: E1, connectionType: Type2, ratedPowerW: 22080, phases: 3 }
          - chargePointId: CP-H
            circuit: hall
            chargingRateUnit: W
            connectors:
              - { connectorId: 1, evseId: E2, connectionType: Type2, ratedPowerW: 22080, phases: 3 }
        pvInverters:
          - { id: roof, circuit: hall, ratedPowerW: 30000, modbus: { host: 127.0.0.1, port: 1502, unitId: 1 } }
        otherLoads:
          - { id: pump, circuit: cabinet, meteredWorstCaseW: 9000, phases: 1, phase: L3 }
          - { id: lights, circuit: cabinet, reservedW: 3000 }
          - { id: office, circuit: hall, meteredWorstCaseW: 20000 }
        meters:
          - { id: pump-meter, otherLoad: pump, modbus: { host: 127.0.0.1, unitId: 2 } }
          - { id: grid-meter, gridConnection: true, modbus: { host: 127.0.0.1, unitId: 3 } }
        """;

    private static readonly DateTimeOffset SlotStart = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "olimove-loadmeters-" + Guid.NewGuid().ToString("N"));
    private readonly FakeTimeProvider _clock = new(SlotStart.AddMinutes(5));
    private readonly LiveSiteState _live = new();
    private readonly PvLiveState _pv = new(TimeSpan.FromSeconds(15));
    private readonly SiteState _site;
    private readonly MeterReadings _readings;
    private readonly MeasuredOtherLoad _measured;
    private EdgeDatabase _db = null!;

    public LoadAndGridMeterTests()
    {
        var loaded = SiteMapLoader.LoadString(Site);
        loaded.Errors.Should().BeEmpty();
        _site = new SiteState(loaded);
        _readings = new MeterReadings(_clock, new MeteringOptions());
        _measured = new MeasuredOtherLoad(_site, _live, _readings, _pv, null, _clock);
    }

    private OliMove.SiteMap.Topology.CircuitNode Cabinet => _site.Topology.FindCircuit("cabinet")!;

    private OliMove.SiteMap.Topology.CircuitNode Hall => _site.Topology.FindCircuit("hall")!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        _db = await EdgeDatabase.OpenAsync(Path.Combine(_directory, "edge.db"));
    }

    public async Task DisposeAsync()
    {
        await _db.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public void A_single_loads_meter_gives_that_load_on_its_own_line_and_the_unmetered_loads_keep_their_worst_case()
    {
        _readings.Record("pump-meter", new MeterPowerReading(2_000, []), _clock.GetUtcNow());

        var source = _measured.Source(Cabinet)!;

        source.Source.Should().Be(OtherLoadSource.Load);
        source.Now.Should().Be(new MeasuredLoad(5_000, 1_000, 1_000, 3_000), "the pump's 2 kW on L3, the lights' 3 kW a third per line");
        source.MeterIds.Should().Equal("pump-meter");
    }

    [Fact]
    public void Without_a_usable_meter_the_circuit_keeps_its_static_reservation()
    {
        _readings.Record("pump-meter", new MeterPowerReading(2_000, []), _clock.GetUtcNow());
        _clock.Advance(TimeSpan.FromSeconds(11));

        _measured.Now(Cabinet).Should().BeNull("the pump's reading is stale and the grid meter never read");
        _measured.Now(Hall).Should().BeNull();
    }

    [Fact]
    public void The_grid_meters_residual_bounds_the_declared_worst_case_of_a_circuit_without_a_meter()
    {
        Charging("CP-C", measuredW: 9_000, setpointW: 22_080);
        Charging("CP-H", measuredW: 6_000, setpointW: 22_080);
        Pv(4_200);
        _readings.Record("grid-meter", new MeterPowerReading(26_000, [9_000, 9_000, 8_000]), _clock.GetUtcNow());

        // grid 26 kW − chargers 15 kW + PV 4.2 kW = 15.2 kW besides the chargers; per line 9 − 5 + 1.4 kW.
        _measured.GridResidualNow(out var meterId).Should().Be(new MeasuredLoad(15_200, 5_400, 5_400, 4_400));
        meterId.Should().Be("grid-meter");
        var hall = _measured.Source(Hall)!;
        hall.Source.Should().Be(OtherLoadSource.Grid);
        hall.Now.Should().Be(new MeasuredLoad(15_200, 5_400, 5_400, 4_400), "below the office's 20 kW (6,667 W a line)");

        // A residual above the declared worst case never loosens it.
        _readings.Record("grid-meter", new MeterPowerReading(45_000, [15_000, 15_000, 15_000]), _clock.GetUtcNow());
        _measured.Source(Hall)!.Now.Should().Be(new MeasuredLoad(20_000, 6_667, 6_667, 6_667));
    }

    [Fact]
    public void The_grid_residual_is_not_used_while_the_PV_output_is_unknown()
    {
        _readings.Record("grid-meter", new MeterPowerReading(10_000, [3_000, 3_000, 4_000]), _clock.GetUtcNow());

        _measured.GridResidualNow(out _).Should().BeNull("an inverter never read could be feeding in: the residual could be too small");
        _measured.Now(Hall).Should().BeNull();

        Pv(0);
        _measured.Now(Hall).Should().NotBeNull();
        _clock.Advance(TimeSpan.FromSeconds(16));
        _readings.Record("grid-meter", new MeterPowerReading(10_000, [3_000, 3_000, 4_000]), _clock.GetUtcNow());
        _measured.Now(Hall).Should().BeNull("a stale PV reading is as unknown");
    }

    [Fact]
    public async Task Later_slots_forecast_a_metered_load_from_its_own_history_and_add_the_unmetered_loads_worst_case()
    {
        // 14 days of the pump's 08:15 quarters (mean 1 kW, peaks 2 kW), stored as a load's history.
        await new OtherLoadQuarterRepository(_db).SaveAsync([.. Enumerable.Range(1, 14).Select(d =>
            new OtherLoadQuarterReading("pump", SlotStart.AddMinutes(15).AddDays(-d), 1_000, 2_000, 1_000, 2_000, 900) { Source = OtherLoadSource.Load })]);
        _readings.Record("pump-meter", new MeterPowerReading(1_500, []), _clock.GetUtcNow());
        var history = new OtherLoadHistory(new OtherLoadQuarterRepository(_db), _clock, NullLogger<OtherLoadHistory>.Instance);
        var source = new OtherLoadForecastSource(_site, _measured, history);
        const int slots = 4;
        var circuit = new CircuitSnapshot("cabinet", null, Enumerable.Repeat(57_000L, slots).ToArray(), new long[slots], null, null);

        var planned = (await source.ApplyAsync([circuit], SlotStart, 900, _clock.GetUtcNow(), CancellationToken.None)).Single();

        // 08:15: the pump's envelope 2 kW + 10 % + 1 kW = 3.2 kW, its median 1 kW; the lights 3 kW in both.
        planned.GuaranteedW[1].Should().Be(69_000 - 6_200);
        planned.SurplusW[1].Should().Be(2_200);

        // 08:30 has no history: the pump at its declared 9 kW.
        planned.GuaranteedW[2].Should().Be(69_000 - 12_000);
        planned.SurplusW[2].Should().Be(0);
        planned.GuaranteedW[0].Should().Be(57_000, "the slot under way is the measured value's (WithMeasuredNow), not the forecast's");
        source.Latest("cabinet")!.MeasuredW.Should().Be(4_500);
    }

    [Fact]
    public async Task Load_and_grid_quarters_are_stored_under_their_own_source_and_read_back()
    {
        var history = new OtherLoadHistory(new OtherLoadQuarterRepository(_db), _clock, NullLogger<OtherLoadHistory>.Instance);
        await history.AddAsync(OtherLoadSource.Load, "pump", new MeasuredLoad(1_000, 0, 0, 1_000), _clock.GetUtcNow(), CancellationToken.None);
        await history.AddAsync(OtherLoadSource.Grid, "grid-meter", new MeasuredLoad(8_000, 3_000, 3_000, 2_000), _clock.GetUtcNow(), CancellationToken.None);
        await history.AddAsync("pump", new MeasuredLoad(7_000, 2_000, 2_000, 3_000), _clock.GetUtcNow(), CancellationToken.None);
        _clock.Advance(TimeSpan.FromMinutes(15));
        await history.AddAsync(OtherLoadSource.Load, "pump", new MeasuredLoad(1_000, 0, 0, 1_000), _clock.GetUtcNow(), CancellationToken.None);
        await history.AddAsync(OtherLoadSource.Grid, "grid-meter", new MeasuredLoad(8_000, 3_000, 3_000, 2_000), _clock.GetUtcNow(), CancellationToken.None);
        await history.AddAsync("pump", new MeasuredLoad(7_000, 2_000, 2_000, 3_000), _clock.GetUtcNow(), CancellationToken.None);

        var stored = await new OtherLoadQuarterRepository(_db).ListFromAsync(SlotStart, CancellationToken.None);

        stored.Select(q => (q.Source, q.CircuitId, q.MeanW)).Should().BeEquivalentTo(
            [(OtherLoadSource.Circuit, "pump", 7_000L), (OtherLoadSource.Load, "pump", 1_000L), (OtherLoadSource.Grid, "grid-meter", 8_000L)],
            "a circuit and a load of the same name keep separate histories");
        var reloaded = new OtherLoadHistory(new OtherLoadQuarterRepository(_db), _clock, NullLogger<OtherLoadHistory>.Instance);
        await reloaded.EnsureLoadedAsync(CancellationToken.None);
        reloaded.Quarters(OtherLoadSource.Load, "pump").Single().MeanW.Should().Be(1_000);
        reloaded.Quarters(OtherLoadSource.Grid, "grid-meter").Single().LineMaxW.Should().Be(3_000);
        reloaded.Quarters("pump").Single().MeanW.Should().Be(7_000);
    }

    private void Charging(string chargePointId, long measuredW, long setpointW) =>
        _live.UpdateConnector(chargePointId, 1, c => c with { TransactionId = 1, MeasuredW = measuredW, MeasuredAt = _clock.GetUtcNow(), SetpointW = setpointW });

    private void Pv(double w) =>
        _pv.Record(new PvReading("roof", _clock.GetUtcNow(), PvReadingStatus.Ok, w, 1_000_000, null, 30_000, null, null));
}
