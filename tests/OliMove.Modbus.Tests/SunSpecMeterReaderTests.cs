using Microsoft.Extensions.Time.Testing;
using OliMove.Modbus.SunSpec;
using OliMove.Tools.PvSimulator;

namespace OliMove.Modbus.Tests;

public sealed class SunSpecMeterReaderTests
{
    [Fact]
    public async Task Reads_per_phase_power_current_and_voltage_from_a_wye_meter()
    {
        await using var h = SimulatorHarness.Start(new SimulatorOptions { MeterModelId = 203 }, availablePowerW: 0);
        h.Simulator.SetMeterPhasePowers(2_300, 1_150, 4_600);
        var reader = new SunSpecReader(h.Client, h.UnitId);

        var m = await reader.ReadMeterAsync();

        m.ModelId.Should().Be(203);
        m.PowerW.Should().Be(8_050);
        m.Phases.Select(p => p.PowerW).Should().Equal(2_300, 1_150, 4_600);
        m.Phases.Select(p => p.CurrentA).Should().Equal(10, 5, 20);
        m.Phases.Should().OnlyContain(p => p.VoltageV == 230);
        m.FrequencyHz.Should().BeApproximately(50, 1e-9);
    }

    [Fact]
    public async Task A_single_phase_meter_reports_one_phase_and_export_as_negative_power()
    {
        await using var h = SimulatorHarness.Start(new SimulatorOptions { MeterModelId = 201 }, availablePowerW: 0);
        h.Simulator.SetMeterPhasePowers(-3_450);
        var reader = new SunSpecReader(h.Client, h.UnitId);

        var m = await reader.ReadMeterAsync();

        m.ModelId.Should().Be(201);
        m.Phases.Should().ContainSingle().Which.Should().Be(new SunSpecMeterPhase(-3_450, 15, 230));
        m.PowerW.Should().Be(-3_450);
    }

    [Fact]
    public async Task A_delta_meter_has_no_phase_to_neutral_voltage()
    {
        await using var h = SimulatorHarness.Start(new SimulatorOptions { MeterModelId = 204 }, availablePowerW: 0);
        h.Simulator.SetMeterPhasePowers(1_000, 1_000, 1_000);
        var reader = new SunSpecReader(h.Client, h.UnitId);

        var m = await reader.ReadMeterAsync();

        m.Phases.Should().HaveCount(3).And.OnlyContain(p => p.VoltageV == null && p.PowerW == 1_000);
    }

    [Fact]
    public async Task Energy_counters_integrate_the_building_load_on_the_simulator_clock()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero));
        await using var h = SimulatorHarness.Start(new SimulatorOptions { MeterModelId = 203 }, availablePowerW: 0, simulatorClock: clock);
        var reader = new SunSpecReader(h.Client, h.UnitId);
        var before = await reader.ReadMeterAsync();

        h.Simulator.SetMeterPhasePowers(5_000, 5_000, 5_000);
        clock.Advance(TimeSpan.FromMinutes(30));
        h.Simulator.SetMeterPhasePowers(40_000 / 3, 40_000 / 3, 40_000 / 3);
        var after = await reader.ReadMeterAsync();

        (after.ImportedEnergyWh - before.ImportedEnergyWh).Should().BeApproximately(7_500, 1);
        after.ExportedEnergyWh.Should().Be(before.ExportedEnergyWh);
        after.PowerW.Should().BeInRange(39_990, 40_010, "W_SF 1 reads in 10 W steps");
    }

    [Fact]
    public async Task A_meter_point_with_an_unusable_scale_factor_reads_null_not_a_wrong_number()
    {
        await using var h = SimulatorHarness.Start(new SimulatorOptions { MeterModelId = 203 }, availablePowerW: 0);
        h.Simulator.SetMeterPhasePowers(1_000, 1_000, 1_000);
        h.Simulator.PinRegister(h.Simulator.Registers.MeterAddress!.Value + 22, SunSpecValueCodec.NotImplementedInt16);
        var reader = new SunSpecReader(h.Client, h.UnitId);

        var m = await reader.ReadMeterAsync();

        m.PowerW.Should().BeNull();
        m.Phases.Should().OnlyContain(p => p.PowerW == null && p.CurrentA != null);
    }

    [Fact]
    public async Task A_device_without_a_meter_model_is_a_clear_error()
    {
        await using var h = SimulatorHarness.Start();
        var reader = new SunSpecReader(h.Client, h.UnitId);

        var act = () => reader.ReadMeterAsync();

        (await act.Should().ThrowAsync<SunSpecException>()).WithMessage("*no meter model (201/202/203/204)*");
    }
}
