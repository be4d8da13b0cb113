using OliMove.Edge.Hosting;
using OliMove.Edge.Metering;
using OliMove.Edge.Testing;
using OliMove.SiteMap;
using OliMove.Tools.PvSimulator;
using AcceleratedTimeProvider = OliMove.Edge.Hosting.AcceleratedTimeProvider;

namespace OliMove.Edge.Tests.Metering;

/// <summary>
/// A technician commissions meters on a running site (decision 0378): the real service, real Modbus TCP meters (the
/// pv-simulator's SunSpec model 203), the site map edited and reloaded. A meter a reload adds is polled at once and its
/// circuit plans with it; a changed endpoint is read from the new device; a removed meter stops being polled and its
/// circuit goes back to the static reservation; the meter that did not change keeps its one connection throughout.
/// </summary>
public sealed class MeterReloadEndToEndTests
{
    private const long StaticWorstCaseW = 20_000;

    private static string SiteMap(int hallPort, int? cabinetPort) => $$"""
        site:
          id: meter-reload
        gridConnection:
          limitW: 150000
        circuits:
          - id: hall
            limitA: 100
          - id: cabinet
            limitA: 100
        chargePoints:
          - chargePointId: MR-CP-1
            circuit: hall
            chargingRateUnit: W
            authorizationKeyHash: "{{AuthorizationKeyHash.Create("demo-key-MR-CP-1")}}"
            connectors:
              - { connectorId: 1, evseId: "DE*OLI*E9201*1", connectionType: Type2, ratedPowerW: 22080, phases: 3 }
          - chargePointId: MR-CP-2
            circuit: cabinet
            chargingRateUnit: W
            authorizationKeyHash: "{{AuthorizationKeyHash.Create("demo-key-MR-CP-2")}}"
            connectors:
              - { connectorId: 1, evseId: "DE*OLI*E9202*1", connectionType: Type2, ratedPowerW: 22080, phases: 3 }
        otherLoads:
          - { id: office, circuit: hall, meteredWorstCaseW: {{StaticWorstCaseW}} }
          - { id: workshop, circuit: cabinet, meteredWorstCaseW: {{StaticWorstCaseW}} }
        meters:
          - { id: hall-meter, circuit: hall, modbus: { host: 127.0.0.1, port: {{hallPort}}, unitId: 1 } }
        {{(cabinetPort is { } p ? $"  - {{ id: cabinet-meter, circuit: cabinet, modbus: {{ host: 127.0.0.1, port: {p}, unitId: 1 }} }}" : "")}}
        """;

    [Fact]
    public async Task A_meter_added_by_a_reload_is_polled_and_planned_with_a_changed_endpoint_is_read_anew_and_a_removed_one_stops()
    {
        // An accelerated clock so that plans come often (a slot every 7.5 s); meter polls stay about a real second.
        var clock = new AcceleratedTimeProvider(DateTimeOffset.UtcNow, 120);
        await using var hall = Meter(1_000);
        await using var first = Meter(2_000);
        await using var second = Meter(3_000);
        var hallPort = hall.Start();
        var firstPort = first.Start();
        var secondPort = second.Start();
        await using var host = await EdgeTestHost.StartAsync(clock, SiteMap(hallPort, cabinetPort: null));
        var readings = host.Get<MeterReadings>();
        var measured = host.Get<MeasuredOtherLoad>();
        var cabinet = () => host.Get<SiteState>().Topology.FindCircuit("cabinet")!;
        await Poll.UntilAsync(() => readings.Usable("hall-meter") is not null, "the hall meter is read");
        measured.Now(cabinet()).Should().BeNull("the cabinet has no meter yet: its static reservation holds");

        // Added: polled without a restart, and the cabinet's next plan uses what it reads (6 kW, not the 20 kW worst case).
        await ReloadAsync(host, SiteMap(hallPort, firstPort));
        await Poll.UntilAsync(() => measured.Now(cabinet())?.TotalW == 6_000, "the added meter's reading is the cabinet's other load");
        await Poll.UntilAsync(() => measured.LastUsedByPlan("cabinet")?.TotalW == 6_000, "a plan uses the added meter's reading");

        // Changed endpoint: the loop restarts on the new device; the old one is no longer read.
        await ReloadAsync(host, SiteMap(hallPort, secondPort));
        await Poll.UntilAsync(() => measured.Now(cabinet())?.TotalW == 9_000, "the cabinet meter is read at its new endpoint");
        await NoMoreRequestsAsync(first, readings);

        // Removed: polling stops, health no longer lists it, and the cabinet plans with its static reservation again.
        await ReloadAsync(host, SiteMap(hallPort, cabinetPort: null));
        await Poll.UntilAsync(() => readings.Health().All(h => h.MeterId != "cabinet-meter"), "the removed meter leaves health");
        measured.Now(cabinet()).Should().BeNull("without its meter the cabinet keeps the static reservation");
        await Poll.UntilAsync(() => measured.LastUsedByPlan("cabinet") is null, "a plan uses the static reservation again");
        await NoMoreRequestsAsync(second, readings);

        // The meter no reload touched was never disturbed: one connection from start to end, still read.
        hall.ConnectionCount.Should().Be(1, "an unchanged meter keeps its loop and its connection across reloads");
        readings.Usable("hall-meter").Should().NotBeNull();
        host.ErrorLog.Errors.Should().BeEmpty();
    }

    private static SunSpecInverterSimulator Meter(long perPhaseW)
    {
        var meter = new SunSpecInverterSimulator(new SimulatorOptions { MeterModelId = 203 }, TimeProvider.System, _ => 0);
        meter.SetMeterPhasePowers(perPhaseW, perPhaseW, perPhaseW);
        return meter;
    }

    private static async Task ReloadAsync(EdgeTestHost host, string siteMap)
    {
        await File.WriteAllTextAsync(host.Options.SiteMap, siteMap);
        (await host.Get<SiteMapReloadService>().ReloadAsync(CancellationToken.None)).Should().BeTrue("the edited map is valid");
    }

    /// <summary>
    /// A device no loop reads any more gets no request while the hall meter, polled on the same cadence, is read twice
    /// more: waits for readings, not for a time. The count is taken a hall reading later, so a request the stopped loop
    /// had sent before it closed its connection is already counted.
    /// </summary>
    private static async Task NoMoreRequestsAsync(SunSpecInverterSimulator device, MeterReadings readings)
    {
        await HallReadAgainAsync(readings);
        var before = device.RequestCount;
        await HallReadAgainAsync(readings);
        await HallReadAgainAsync(readings);
        device.RequestCount.Should().Be(before, "no loop polls a meter the site map no longer names there");
    }

    private static async Task HallReadAgainAsync(MeterReadings readings)
    {
        var last = readings.All.Single(s => s.MeterId == "hall-meter").ReadAt;
        await Poll.UntilAsync(() => readings.All.Single(s => s.MeterId == "hall-meter").ReadAt > last, "the hall meter is read again");
    }
}
