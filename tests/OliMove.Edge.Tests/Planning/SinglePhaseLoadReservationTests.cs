using OliMove.Edge.Dispatch;
using OliMove.Edge.Hosting;
using OliMove.Edge.Planning;
using OliMove.Edge.Testing;
using OliMove.Scheduling;
using OliMove.SiteMap;
using OliMove.Storage;

namespace OliMove.Edge.Tests.Planning;

/// <summary>
/// A single-phase other load is reserved whole on the line it is wired to, not a third on each (issue 18): split in
/// three, its own line would be short by two thirds of it. The real service's archived snapshot says so per line.
/// </summary>
public class SinglePhaseLoadReservationTests
{
    // 63 A per phase at 230 V = 14,490 W a line; a 6 kW single-phase heater on L2 and a 3 kW three-phase pump.
    private const string Map = """
        site:
          id: one-phase-load
          nominalVoltageV: 230
        gridConnection:
          limitA: 100
        circuits:
          - id: cabinet
            limitA: 63
        chargePoints:
          - chargePointId: CP-1
            circuit: cabinet
            chargingRateUnit: A
            connectors:
              - { connectorId: 1, evseId: E-1, connectionType: Type2, ratedPowerW: 22000, phases: 3 }
          - chargePointId: CP-2
            circuit: cabinet
            chargingRateUnit: A
            connectors:
              - { connectorId: 1, evseId: E-2, connectionType: Type2, ratedPowerW: 22000, phases: 3 }
        otherLoads:
          - { id: heater, circuit: cabinet, reservedW: 6000, phases: 1, phase: L2 }
          - { id: pump, circuit: cabinet, reservedW: 3000 }
        """;

    [Fact]
    public async Task The_plans_input_keeps_the_whole_single_phase_load_free_on_its_line()
    {
        await using var host = await EdgeTestHost.StartAsync(siteMapYaml: Map);
        var group = host.Get<SiteState>().Topology.Groups.Single();

        await host.Get<GroupPlanner>().PlanAsync(group, "test", atSlotBoundary: true, CancellationToken.None);
        var record = (await host.Get<SlotPlanRepository>().GetLatestAsync("cabinet"))!;
        var snapshot = SnapshotJsonReader.Read(record.InputJson);

        var lines = snapshot.Circuits.Single(c => c.CircuitId == "cabinet").PhaseGuaranteedW!;
        lines.L1.Should().OnlyContain(w => w == 14_490 - 1_000, "L1 keeps a third of the pump");
        lines.L2.Should().OnlyContain(w => w == 14_490 - 1_000 - 6_000, "L2 keeps the whole heater and a third of the pump");
        lines.L3.Should().OnlyContain(w => w == 14_490 - 1_000);
        snapshot.Circuits.Single(c => c.CircuitId == "cabinet").GuaranteedW.Should().OnlyContain(w => w == 3 * 14_490 - 9_000);
    }

    [Fact]
    public void The_fail_safe_share_is_bounded_by_the_most_loaded_line()
    {
        var topology = SiteMapLoader.LoadString(Map).Topology!;

        var shares = FailSafeShareCalculator.Calculate(topology, topology.Groups.Single());

        // L2 has 14,490 - 7,000 = 7,490 W left for two connectors: 3,745 W each on that line, so 16.28 A on every line.
        shares.Should().OnlyContain(s => s.PowerW == (long)Math.Floor(7_490.0 / 230 / 2 * 230 * 3));
    }
}
