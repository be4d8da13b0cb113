using Microsoft.Extensions.Time.Testing;
using OliMove.Modbus.SunSpec;
using OliMove.Tools.PvSimulator;

namespace OliMove.Modbus.Tests;

/// <summary>Model 124 over real Modbus TCP against the simulator's battery, on a fake simulator clock.</summary>
public sealed class SunSpecStorageTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);

    private static SimulatorOptions Battery => new() { BatteryCapacityWh = 20_000, BatteryMaxPowerW = 10_000, BatteryInitialSocPercent = 50 };

    [Fact]
    public async Task Reads_the_state_of_charge_and_the_charge_limit()
    {
        await using var h = SimulatorHarness.Start(Battery with { MeterModelId = 203 }, availablePowerW: 0);
        var reader = new SunSpecReader(h.Client, h.UnitId);

        var m = await reader.ReadStorageAsync();

        m.MaxChargeW.Should().Be(10_000);
        m.StateOfChargePercent.Should().BeApproximately(50, 1e-9);
        m.Status.Should().Be(SunSpecStorageState.Holding);
        m.ControlMode.Should().Be(0);
        m.MinimumReservePercent.Should().Be(0);
    }

    [Fact]
    public async Task Follows_a_discharge_setpoint_and_its_state_of_charge_integrates_the_power()
    {
        var clock = new FakeTimeProvider(Start);
        await using var h = SimulatorHarness.Start(Battery, availablePowerW: 0, simulatorClock: clock);
        var reader = new SunSpecReader(h.Client, h.UnitId);

        await reader.WriteStorageSetpointAsync(-4_000, TimeSpan.FromMinutes(20));
        h.Simulator.BatteryPowerW.Should().Be(-4_000);
        clock.Advance(TimeSpan.FromMinutes(15));
        var m = await reader.ReadStorageAsync();

        m.StateOfChargePercent.Should().BeApproximately(45, 0.05, "1 kWh of 20 kWh left the battery");
        m.Status.Should().Be(SunSpecStorageState.Discharging);
        m.ControlMode.Should().Be(3);
        m.ChargeRatePercent.Should().BeApproximately(-40, 1e-9);
        m.DischargeRatePercent.Should().BeApproximately(40, 1e-9);

        await reader.WriteStorageSetpointAsync(6_000, TimeSpan.FromMinutes(20));
        clock.Advance(TimeSpan.FromMinutes(30));
        h.Simulator.BatteryStoredWh.Should().BeApproximately(12_000, 1);
    }

    [Fact]
    public async Task Drops_the_setpoint_after_the_revert_timeout_and_on_clear()
    {
        var clock = new FakeTimeProvider(Start);
        await using var h = SimulatorHarness.Start(Battery, availablePowerW: 0, simulatorClock: clock);
        var reader = new SunSpecReader(h.Client, h.UnitId);

        await reader.WriteStorageSetpointAsync(5_000, TimeSpan.FromSeconds(60));
        clock.Advance(TimeSpan.FromSeconds(61));
        (await reader.ReadStorageAsync()).ControlMode.Should().Be(0, "a silent edge leaves the battery to itself");
        h.Simulator.BatteryPowerW.Should().Be(0);

        await reader.WriteStorageSetpointAsync(5_000, TimeSpan.Zero);
        h.Simulator.BatteryPowerW.Should().Be(5_000);
        await reader.ClearStorageSetpointAsync();
        h.Simulator.BatteryPowerW.Should().Be(0);
    }

    [Fact]
    public async Task A_battery_that_refuses_takes_the_registers_but_idles_and_its_state_of_charge_says_so()
    {
        var clock = new FakeTimeProvider(Start);
        await using var h = SimulatorHarness.Start(Battery, availablePowerW: 0, simulatorClock: clock);
        h.Simulator.BatteryRefusesSetpoints = true;
        var reader = new SunSpecReader(h.Client, h.UnitId);

        await reader.WriteStorageSetpointAsync(-8_000, TimeSpan.Zero);
        clock.Advance(TimeSpan.FromMinutes(30));
        var m = await reader.ReadStorageAsync();

        m.ControlMode.Should().Be(3);
        m.StateOfChargePercent.Should().BeApproximately(50, 1e-9);
        m.Status.Should().Be(SunSpecStorageState.Holding);
    }

    [Fact]
    public async Task Stops_discharging_when_empty()
    {
        var clock = new FakeTimeProvider(Start);
        await using var h = SimulatorHarness.Start(Battery with { BatteryInitialSocPercent = 5 }, availablePowerW: 0, simulatorClock: clock);
        var reader = new SunSpecReader(h.Client, h.UnitId);

        await reader.WriteStorageSetpointAsync(-10_000, TimeSpan.Zero);
        clock.Advance(TimeSpan.FromMinutes(6));
        h.Simulator.BatteryStoredWh.Should().Be(0);
        clock.Advance(TimeSpan.FromMinutes(1));

        (await reader.ReadStorageAsync()).Status.Should().Be(SunSpecStorageState.Empty);
        h.Simulator.BatteryPowerW.Should().Be(0);
    }

    [Fact]
    public async Task Refuses_a_setpoint_above_the_batterys_limit_and_a_device_without_model_124()
    {
        await using var h = SimulatorHarness.Start(Battery, availablePowerW: 0);
        var reader = new SunSpecReader(h.Client, h.UnitId);
        await FluentActions.Invoking(() => reader.WriteStorageSetpointAsync(12_000, TimeSpan.Zero))
            .Should().ThrowAsync<ArgumentOutOfRangeException>().WithMessage("*WChaMax is 10000 W*");

        await using var plain = SimulatorHarness.Start(new SimulatorOptions(), availablePowerW: 0);
        await FluentActions.Invoking(() => new SunSpecReader(plain.Client, plain.UnitId).ReadStorageAsync())
            .Should().ThrowAsync<SunSpecException>().WithMessage("*no model 124*");
    }
}
