using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using OliMove.Edge.Hosting;
using OliMove.Edge.Live;
using OliMove.Edge.Metering;
using OliMove.Modbus.Meters;
using OliMove.Scheduling;
using OliMove.SiteMap;
using OliMove.Storage;

namespace OliMove.Edge.Tests.Metering;

/// <summary>
/// Later slots of a metered circuit plan with the other load's forecast from the stored history (unit level, on a
/// real SQLite file; the running service's path is in <see cref="MeasuredHeadroomEndToEndTests"/>).
/// </summary>
public sealed class OtherLoadForecastSourceTests : IAsyncLifetime
{
    // 100 A per phase: 69 kW, 23 kW a line; the building's declared worst case 30 kW (10 kW a line).
    private const string Site = """
        site:
          id: t
        gridConnection:
          limitA: 200
        circuits:
          - id: cabinet
            limitA: 100
        chargePoints:
          - chargePointId: CP-3P
            circuit: cabinet
            chargingRateUnit: W
            connectors:
              - { connectorId: 1, evseId: E1, connectionType: Type2, ratedPowerW: 22080, phases: 3 }
        otherLoads:
          - { id: building, circuit: cabinet, meteredWorstCaseW: 30000 }
        meters:
          - { id: m, circuit: cabinet, modbus: { host: 127.0.0.1 } }
        """;

    private static readonly DateTimeOffset SlotStart = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "olimove-otherload-" + Guid.NewGuid().ToString("N"));
    private readonly FakeTimeProvider _clock = new(SlotStart.AddMinutes(5));
    private readonly SiteState _site;
    private readonly MeterReadings _readings;
    private readonly MeasuredOtherLoad _measured;
    private EdgeDatabase _db = null!;

    public OtherLoadForecastSourceTests()
    {
        var loaded = SiteMapLoader.LoadString(Site);
        loaded.Errors.Should().BeEmpty();
        _site = new SiteState(loaded);
        _readings = new MeterReadings(_clock, new MeteringOptions());
        _measured = new MeasuredOtherLoad(_site, new LiveSiteState(), _readings);
    }

    private OliMove.SiteMap.Topology.CircuitNode Cabinet => _site.Topology.FindCircuit("cabinet")!;

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
    public async Task Later_slots_plan_guarantees_on_the_envelope_and_offer_the_gap_to_the_median_as_surplus()
    {
        // 14 days of 08:15 quarters: means 4,000..5,300 W (maxima 2 kW above), lines 1,500..2,150 W (maxima 1 kW above).
        await new OtherLoadQuarterRepository(_db).SaveAsync([.. Enumerable.Range(0, 14).Select(i =>
            new OtherLoadQuarterReading("cabinet", SlotStart.AddDays(-1 - i).AddMinutes(15), 4_000 + (i * 100), 6_000 + (i * 100), 1_500 + (i * 50), 2_500 + (i * 50), 900))]);
        _readings.Record("m", new MeterPowerReading(3_000, [1_000, 1_000, 1_000]), _clock.GetUtcNow());

        var planned = await PlanAsync();

        // Median of the means 4,700 W; envelope = highest maximum 7,300 W + 10 % + 1 kW = 9,030 W. Line: 1,850 / 4,465 W.
        planned.GuaranteedW.Should().Equal(69_000 - 3_000, 69_000 - 9_030, 39_000, 39_000);
        planned.SurplusW.Should().Equal(0, 9_030 - 4_700, 0, 0);
        planned.PhaseGuaranteedW!.L1.Should().Equal(23_000 - 1_000, 23_000 - 4_465, 13_000, 13_000);
        planned.PhaseGuaranteedW.L3.Should().Equal(planned.PhaseGuaranteedW.L1);
        planned.PhaseSurplusW!.L2.Should().Equal(0, 4_465 - 1_850, 0, 0);
    }

    [Fact]
    public async Task Too_short_a_history_keeps_the_static_worst_case_but_never_less_than_the_load_measured_now()
    {
        await new OtherLoadQuarterRepository(_db).SaveAsync([.. Enumerable.Range(0, 4).Select(i =>
            new OtherLoadQuarterReading("cabinet", SlotStart.AddDays(-1 - i).AddMinutes(15), 1_000, 1_000, 400, 400, 900))]);
        _readings.Record("m", new MeterPowerReading(35_000, [11_000, 12_000, 12_000]), _clock.GetUtcNow());

        var planned = await PlanAsync();

        // 4 days are fewer than the 5 needed, and 35 kW measured is above the 30 kW worst case.
        planned.GuaranteedW.Should().Equal(34_000, 34_000, 34_000, 34_000);
        planned.PhaseGuaranteedW!.L2.Should().Equal(11_000, 11_000, 11_000, 11_000);
        planned.SurplusW.Should().OnlyContain(w => w == 0);
    }

    [Fact]
    public async Task A_failing_meter_keeps_the_static_reservation_in_every_slot_whatever_the_history()
    {
        await new OtherLoadQuarterRepository(_db).SaveAsync([.. Enumerable.Range(0, 14).Select(i =>
            new OtherLoadQuarterReading("cabinet", SlotStart.AddDays(-1 - i).AddMinutes(15), 1_000, 1_000, 400, 400, 900))]);
        _readings.Record("m", new MeterPowerReading(3_000, [1_000, 1_000, 1_000]), _clock.GetUtcNow());
        _readings.RecordProblem("m", "the meter answered without a usable power value", _clock.GetUtcNow().AddMilliseconds(1));
        _clock.Advance(TimeSpan.FromSeconds(1));

        var planned = await PlanAsync();

        planned.GuaranteedW.Should().OnlyContain(w => w == 39_000);
        planned.SurplusW.Should().OnlyContain(w => w == 0);
        planned.PhaseGuaranteedW!.L1.Should().OnlyContain(w => w == 13_000);
    }

    [Fact]
    public async Task The_history_folds_readings_into_quarters_and_a_restart_keeps_them_and_resumes_the_unfinished_one()
    {
        var repository = new OtherLoadQuarterRepository(_db);
        var first = new OtherLoadHistory(repository, _clock, NullLogger<OtherLoadHistory>.Instance);
        await first.StartAsync(default);
        await first.AddAsync("cabinet", new MeasuredLoad(4_000, 1_000, 1_500, 1_500), SlotStart.AddMinutes(5), default);
        await first.AddAsync("cabinet", new MeasuredLoad(6_001, 2_000, 2_001, 2_000), SlotStart.AddMinutes(10), default);
        await first.AddAsync("cabinet", new MeasuredLoad(3_000, 1_000, 1_000, 1_000), SlotStart.AddMinutes(16), default);
        await first.StopAsync(default);

        _clock.SetUtcNow(SlotStart.AddMinutes(20));
        var second = new OtherLoadHistory(repository, _clock, NullLogger<OtherLoadHistory>.Instance);
        await second.StartAsync(default);
        second.Quarters("cabinet").Should().Equal(new OtherLoadQuarterReading("cabinet", SlotStart, 5_001, 6_001, 1_751, 2_001, 2));
        await second.AddAsync("cabinet", new MeasuredLoad(5_000, 2_000, 2_000, 2_000), SlotStart.AddMinutes(20), default);
        await second.AddAsync("cabinet", new MeasuredLoad(1_000, 400, 400, 400), SlotStart.AddMinutes(31), default);

        (await repository.ListFromAsync(SlotStart)).Should().Equal(
            new OtherLoadQuarterReading("cabinet", SlotStart, 5_001, 6_001, 1_751, 2_001, 2),
            new OtherLoadQuarterReading("cabinet", SlotStart.AddMinutes(15), 4_000, 5_000, 1_500, 2_000, 2));
    }

    [Fact]
    public async Task A_storage_that_fails_costs_the_history_but_never_a_reading_or_a_plan()
    {
        var broken = await EdgeDatabase.OpenAsync(Path.Combine(_directory, "closed.db"));
        await broken.DisposeAsync();
        var history = new OtherLoadHistory(new OtherLoadQuarterRepository(broken), _clock, NullLogger<OtherLoadHistory>.Instance);
        _readings.Record("m", new MeterPowerReading(3_000, [1_000, 1_000, 1_000]), _clock.GetUtcNow());

        await history.StartAsync(default);
        await history.AddAsync("cabinet", new MeasuredLoad(3_000, 1_000, 1_000, 1_000), SlotStart.AddMinutes(5), default);
        await history.AddAsync("cabinet", new MeasuredLoad(3_000, 1_000, 1_000, 1_000), SlotStart.AddMinutes(16), default);
        var planned = (await new OtherLoadForecastSource(_site, _measured, history).ApplyAsync([Static()], SlotStart, 900, _clock.GetUtcNow(), default)).Single();

        history.Quarters("cabinet").Should().ContainSingle("the finished quarter is kept in memory even though it could not be stored");
        planned.GuaranteedW.Skip(1).Should().OnlyContain(w => w == 39_000, "with one day of history later slots keep the worst case");
    }

    private CircuitSnapshot Static()
    {
        var staticW = (long)Cabinet.AvailableW;
        var staticPhase = (long)(Cabinet.PhaseLimitW!.Value - (Cabinet.ReservedW / 3));
        var g = Enumerable.Repeat(staticPhase, 4).ToArray();
        var z = new long[4];
        return new CircuitSnapshot("cabinet", null, Enumerable.Repeat(staticW, 4).ToArray(), z, new PhaseSeries(g, g, g), new PhaseSeries(z, z, z));
    }

    private async Task<CircuitSnapshot> PlanAsync()
    {
        var snapshot = Static();
        var now = _clock.GetUtcNow();
        var source = new OtherLoadForecastSource(_site, _measured, new OtherLoadHistory(new OtherLoadQuarterRepository(_db), _clock, NullLogger<OtherLoadHistory>.Instance));
        var planned = await source.ApplyAsync([_measured.WithMeasuredNow(snapshot, Cabinet, SlotStart, 900, now)], SlotStart, 900, now, default);
        return planned.Single();
    }
}
