using Microsoft.Extensions.Time.Testing;
using OliMove.Modbus.SunSpec;
using OliMove.Tools.PvSimulator;

namespace OliMove.Modbus.Tests;

public sealed class SunSpecReaderTests
{
    [Theory]
    [InlineData(40000)]
    [InlineData(50000)]
    [InlineData(0)]
    public async Task Discovers_the_map_at_each_base_and_walks_the_model_chain(int baseAddress)
    {
        await using var h = SimulatorHarness.Start(new SimulatorOptions { BaseAddress = baseAddress });
        var reader = new SunSpecReader(h.Client, h.UnitId);

        var map = await reader.DiscoverAsync();

        map.BaseAddress.Should().Be(baseAddress);
        map.Models.Select(m => m.Id).Should().Equal(1, 103, 120, 123);
        map.Models.Select(m => m.Address).Should().Equal(baseAddress + 2, baseAddress + 70, baseAddress + 122, baseAddress + 150);
        map.Find(103)!.Length.Should().Be(50);
    }

    [Fact]
    public async Task Reads_the_common_model()
    {
        await using var h = SimulatorHarness.Start(new SimulatorOptions
        {
            Manufacturer = "Fronius",
            ModelName = "Symo 10.0-3-M",
            SerialNumber = "31234567",
            Version = "3.14.1",
            UnitId = 7,
        });
        var reader = new SunSpecReader(h.Client, 7);

        var common = await reader.ReadCommonAsync();

        common.Should().Be(new SunSpecCommon("Fronius", "Symo 10.0-3-M", "", "3.14.1", "31234567", 7));
    }

    [Fact]
    public async Task Reads_power_energy_and_state_from_the_integer_model()
    {
        await using var h = SimulatorHarness.Start(availablePowerW: 7_350);
        var reader = new SunSpecReader(h.Client, h.UnitId);

        var m = await reader.ReadInverterAsync();

        m.ModelId.Should().Be(103);
        m.PowerW.Should().Be(7_350);
        m.LifetimeEnergyWh.Should().BeApproximately(1_234_567, 1);
        m.FrequencyHz.Should().BeApproximately(50, 1e-9);
        m.State.Should().Be(SunSpecOperatingState.Mppt);
    }

    [Fact]
    public async Task Applies_a_negative_scale_factor()
    {
        await using var h = SimulatorHarness.Start(
            new SimulatorOptions { RatedPowerW = 3_000, PowerScaleFactor = -1, EnergyScaleFactor = 2 },
            availablePowerW: 2_345.6);
        var reader = new SunSpecReader(h.Client, h.UnitId);

        var m = await reader.ReadInverterAsync();

        h.Simulator.Registers[h.Simulator.Registers.InverterAddress + 14].Should().Be(23456, "W is sent in tenths of a watt");
        m.PowerW.Should().BeApproximately(2_345.6, 1e-9);
        m.LifetimeEnergyWh.Should().BeApproximately(1_234_600, 1e-6, "WH_SF 2 sends hectowatt-hours");
    }

    [Fact]
    public async Task Applies_a_positive_scale_factor_for_large_inverters()
    {
        await using var h = SimulatorHarness.Start(new SimulatorOptions { RatedPowerW = 220_000 }, availablePowerW: 150_000);
        var reader = new SunSpecReader(h.Client, h.UnitId);

        var m = await reader.ReadInverterAsync();
        var nameplate = await reader.ReadNameplateAsync();

        h.Simulator.Registers.PowerScaleFactor.Should().Be(1);
        m.PowerW.Should().Be(150_000);
        nameplate!.RatedPowerW.Should().Be(220_000);
        nameplate.DerType.Should().Be(4);
    }

    [Fact]
    public async Task Reads_the_float_model()
    {
        // A still simulator clock: on the real one the energy counter moves by 0.12 Wh per 0.1 s between requests.
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero));
        await using var h = SimulatorHarness.Start(new SimulatorOptions { UseFloatModel = true }, availablePowerW: 4_321.5, simulatorClock: clock);
        var reader = new SunSpecReader(h.Client, h.UnitId);

        var map = await reader.DiscoverAsync();
        var m = await reader.ReadInverterAsync();

        map.Models.Select(x => x.Id).Should().Equal(1, 113, 120, 123);
        m.ModelId.Should().Be(113);
        m.PowerW.Should().BeApproximately(4_321.5, 1e-3);
        m.LifetimeEnergyWh.Should().BeApproximately(1_234_567, 0.1);
        m.FrequencyHz.Should().Be(50);
        m.State.Should().Be(SunSpecOperatingState.Mppt);
    }

    [Fact]
    public async Task Not_implemented_power_scale_factor_makes_power_null()
    {
        await using var h = SimulatorHarness.Start();
        h.Simulator.PinRegister(h.Simulator.Registers.InverterAddress + 15, SunSpecValueCodec.NotImplementedInt16);
        var reader = new SunSpecReader(h.Client, h.UnitId);

        var m = await reader.ReadInverterAsync();

        m.PowerW.Should().BeNull();
        m.LifetimeEnergyWh.Should().NotBeNull();
    }

    [Fact]
    public async Task Not_implemented_values_read_as_null()
    {
        await using var h = SimulatorHarness.Start();
        var inverter = h.Simulator.Registers.InverterAddress;
        h.Simulator.PinRegister(inverter + 14, SunSpecValueCodec.NotImplementedInt16);
        h.Simulator.PinRegister(inverter + 24, 0);
        h.Simulator.PinRegister(inverter + 25, 0);
        h.Simulator.PinRegister(inverter + 38, SunSpecValueCodec.NotImplementedUInt16);
        h.Simulator.PinRegister(h.Simulator.Registers.NameplateAddress + 3, SunSpecValueCodec.NotImplementedUInt16);
        var reader = new SunSpecReader(h.Client, h.UnitId);

        var m = await reader.ReadInverterAsync();
        var nameplate = await reader.ReadNameplateAsync();

        m.PowerW.Should().BeNull("W 0x8000 is int16 not-implemented");
        m.LifetimeEnergyWh.Should().BeNull("acc32 0 is not-implemented");
        m.State.Should().BeNull("enum16 0xFFFF is not-implemented");
        nameplate!.RatedPowerW.Should().BeNull("uint16 0xFFFF is not-implemented");
    }

    [Fact]
    public async Task Float_nan_reads_as_null()
    {
        await using var h = SimulatorHarness.Start(new SimulatorOptions { UseFloatModel = true });
        var (high, low) = SunSpecValueCodec.EncodeFloat32(float.NaN);
        h.Simulator.PinRegister(h.Simulator.Registers.InverterAddress + 22, high);
        h.Simulator.PinRegister(h.Simulator.Registers.InverterAddress + 23, low);
        var reader = new SunSpecReader(h.Client, h.UnitId);

        var m = await reader.ReadInverterAsync();

        m.PowerW.Should().BeNull();
        m.LifetimeEnergyWh.Should().NotBeNull();
    }

    [Fact]
    public async Task A_device_without_the_marker_is_not_sunspec()
    {
        await using var h = SimulatorHarness.Start();
        h.Simulator.PinRegister(40000, 0);
        var reader = new SunSpecReader(h.Client, h.UnitId);

        var act = () => reader.DiscoverAsync();

        (await act.Should().ThrowAsync<SunSpecException>()).Which.Message.Should().Contain("no SunSpec marker");
    }

    [Fact]
    public async Task Writes_a_power_limit_and_reads_it_back()
    {
        await using var h = SimulatorHarness.Start(new SimulatorOptions { RatedPowerW = 10_000, LimitScaleFactor = -1 }, availablePowerW: 8_000);
        var reader = new SunSpecReader(h.Client, h.UnitId);

        await reader.WritePowerLimitAsync(42.5, TimeSpan.FromSeconds(120));
        var limit = await reader.ReadPowerLimitAsync();
        var m = await reader.ReadInverterAsync();

        limit.Should().Be(new SunSpecPowerLimit(42.5, TimeSpan.FromSeconds(120), true));
        h.Simulator.ActiveLimitPercent.Should().BeApproximately(42.5, 1e-9);
        m.PowerW.Should().Be(4_250);
        m.State.Should().Be(SunSpecOperatingState.Throttled);

        await reader.ClearPowerLimitAsync();
        (await reader.ReadPowerLimitAsync())!.Enabled.Should().BeFalse();
        (await reader.ReadInverterAsync()).PowerW.Should().Be(8_000);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    [InlineData(100.5)]
    [InlineData(double.NaN)]
    public async Task Refuses_a_zero_or_out_of_range_limit_and_writes_nothing(double percent)
    {
        await using var h = SimulatorHarness.Start();
        var reader = new SunSpecReader(h.Client, h.UnitId);
        await reader.DiscoverAsync();
        var before = h.Simulator.RequestCount;

        var act = () => reader.WritePowerLimitAsync(percent, TimeSpan.FromSeconds(60));

        await act.Should().ThrowAsync<ArgumentOutOfRangeException>();
        h.Simulator.RequestCount.Should().Be(before);
        h.Simulator.ActiveLimitPercent.Should().BeNull();
    }

    [Fact]
    public async Task The_inverter_drops_a_limit_that_is_not_rewritten_before_its_revert_timeout()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 6, 1, 12, 0, 0, TimeSpan.Zero));
        await using var h = SimulatorHarness.Start(simulatorClock: clock);
        var reader = new SunSpecReader(h.Client, h.UnitId);
        await reader.WritePowerLimitAsync(50, TimeSpan.FromSeconds(60));

        clock.Advance(TimeSpan.FromSeconds(59));
        h.Simulator.ActiveLimitPercent.Should().Be(50);
        clock.Advance(TimeSpan.FromSeconds(1));

        h.Simulator.ActiveLimitPercent.Should().BeNull();
    }
}
