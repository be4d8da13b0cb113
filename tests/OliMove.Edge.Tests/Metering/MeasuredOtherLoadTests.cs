using Microsoft.Extensions.Time.Testing;
using OliMove.Edge.Hosting;
using OliMove.Edge.Live;
using OliMove.Edge.Metering;
using OliMove.Modbus.Meters;
using OliMove.Scheduling;
using OliMove.SiteMap;

namespace OliMove.Edge.Tests.Metering;

/// <summary>The measured other load of a circuit, from a meter reading and the chargers' live state (unit level; the real path is in <see cref="MeasuredHeadroomEndToEndTests"/>).</summary>
public sealed class MeasuredOtherLoadTests
{
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
          - chargePointId: CP-1P
            circuit: cabinet
            chargingRateUnit: W
            connectors:
              - { connectorId: 1, evseId: E2, connectionType: Type2, ratedPowerW: 7360, phases: 1, phase: L2 }
        otherLoads:
          - { id: building, circuit: cabinet, meteredWorstCaseW: 30000 }
        meters:
          - { id: m, circuit: cabinet, modbus: { host: 127.0.0.1 } }
        """;

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 3, 2, 8, 5, 0, TimeSpan.Zero));
    private readonly LiveSiteState _live = new();
    private readonly MeterReadings _readings;
    private readonly MeasuredOtherLoad _measured;
    private readonly SiteState _site;

    public MeasuredOtherLoadTests()
    {
        var loaded = SiteMapLoader.LoadString(Site);
        loaded.Errors.Should().BeEmpty();
        _site = new SiteState(loaded);
        _readings = new MeterReadings(_clock, new MeteringOptions());
        _measured = new MeasuredOtherLoad(_site, _live, _readings);
    }

    private OliMove.SiteMap.Topology.CircuitNode Cabinet => _site.Topology.FindCircuit("cabinet")!;

    [Fact]
    public void Subtracts_each_chargers_power_on_its_own_lines()
    {
        Charging("CP-3P", measuredW: 9_000, setpointW: 22_080);
        Charging("CP-1P", measuredW: 7_000, setpointW: 7_360);
        _readings.Record("m", new MeterPowerReading(30_000, [6_000, 13_000, 11_000]), _clock.GetUtcNow());

        _measured.Now(Cabinet).Should().Be(new MeasuredLoad(14_000, 3_000, 3_000, 8_000));
    }

    [Fact]
    public void A_charger_counts_at_most_its_setpoint_so_a_reading_from_before_a_cut_never_shrinks_the_building()
    {
        Charging("CP-3P", measuredW: 21_000, setpointW: 6_000);
        _readings.Record("m", new MeterPowerReading(27_000, [9_000, 9_000, 9_000]), _clock.GetUtcNow());

        _measured.Now(Cabinet)!.TotalW.Should().Be(21_000);
    }

    [Fact]
    public void A_meter_with_only_a_total_reserves_the_whole_other_load_on_each_line()
    {
        _readings.Record("m", new MeterPowerReading(6_000, []), _clock.GetUtcNow());

        _measured.Now(Cabinet).Should().Be(new MeasuredLoad(6_000, 6_000, 6_000, 6_000));
    }

    [Fact]
    public void A_stale_or_failing_meter_gives_no_measurement_and_the_snapshot_keeps_the_static_reservation()
    {
        _readings.Record("m", new MeterPowerReading(3_000, [1_000, 1_000, 1_000]), _clock.GetUtcNow());
        _clock.Advance(TimeSpan.FromSeconds(11));
        _measured.Now(Cabinet).Should().BeNull("10 s without a reading is stale");

        _readings.Record("m", new MeterPowerReading(3_000, [1_000, 1_000, 1_000]), _clock.GetUtcNow());
        _measured.Now(Cabinet).Should().NotBeNull();
        _clock.Advance(TimeSpan.FromSeconds(1));
        _readings.RecordProblem("m", "timeout", _clock.GetUtcNow());
        _measured.Now(Cabinet).Should().BeNull("a failure newer than the reading makes it unusable at once");
        _readings.Health().Single().Status.Should().Be("failing");
    }

    [Fact]
    public void A_good_reading_clears_the_meters_problem()
    {
        _readings.Record("m", new MeterPowerReading(3_000, [1_000, 1_000, 1_000]), _clock.GetUtcNow());
        _clock.Advance(TimeSpan.FromSeconds(1));
        _readings.RecordProblem("m", "the meter answered without a usable power value", _clock.GetUtcNow());
        _readings.Health().Single().Should().Match<MeterHealth>(h => h.Status == "failing" && h.Problem == "the meter answered without a usable power value");

        _clock.Advance(TimeSpan.FromSeconds(1));
        _readings.Record("m", new MeterPowerReading(3_000, [1_000, 1_000, 1_000]), _clock.GetUtcNow());

        _readings.Health().Single().Should().Be(new MeterHealth("m", "ok", 3_000, _clock.GetUtcNow(), null, null), "decision 0396: no problem once it reads well again");
    }

    [Fact]
    public void Only_the_slot_under_way_plans_with_the_measurement()
    {
        _readings.Record("m", new MeterPowerReading(3_000, [1_000, 1_000, 1_000]), _clock.GetUtcNow());
        var staticW = (long)Cabinet.AvailableW;
        var staticPhase = (long)(Cabinet.PhaseLimitW!.Value - (Cabinet.ReservedW / 3));
        var g = Enumerable.Repeat(staticPhase, 4).ToArray();
        var snapshot = new CircuitSnapshot("cabinet", null, Enumerable.Repeat(staticW, 4).ToArray(), new long[4], new PhaseSeries(g, g, g));
        var slotStart = new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);

        var planned = _measured.WithMeasuredNow(snapshot, Cabinet, slotStart, 900, _clock.GetUtcNow());

        planned.GuaranteedW.Should().Equal(69_000 - 3_000, staticW, staticW, staticW);
        planned.PhaseGuaranteedW!.L2.Should().Equal(23_000 - 1_000, staticPhase, staticPhase, staticPhase);
        _measured.LastUsedByPlan("cabinet").Should().Be(new MeasuredLoad(3_000, 1_000, 1_000, 1_000));
    }

    private void Charging(string chargePointId, long measuredW, long setpointW) =>
        _live.UpdateConnector(chargePointId, 1, c => c with { TransactionId = 1, MeasuredW = measuredW, MeasuredAt = _clock.GetUtcNow(), SetpointW = setpointW });
}
