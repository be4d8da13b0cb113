using OliMove.Modbus.Meters;
using OliMove.Modbus.SunSpec;
using OliMove.Tools.PvSimulator;

namespace OliMove.Modbus.Tests;

/// <summary>Both kinds of meter over real Modbus TCP, read through the one interface the poller uses.</summary>
public sealed class MeterSourceTests
{
    [Fact]
    public async Task Reads_a_vendor_meter_from_input_registers_in_one_request()
    {
        await using var meter = new RegisterBankServer();
        // An Eastron-style map: float32 W per phase at 12, 14, 16 (input registers), total at 52.
        Put(meter.Input, 12, 2_300f);
        Put(meter.Input, 14, 1_150f);
        Put(meter.Input, 16, -460f);
        Put(meter.Input, 52, 2_990f);
        await using var client = Client(meter.Port);
        var map = new MeterRegisterMap(
            RegisterTable.Input,
            new MeterRegisterPoint(52, RegisterValueType.Float32),
            [new(12, RegisterValueType.Float32), new(14, RegisterValueType.Float32), new(16, RegisterValueType.Float32)]);
        Enumerable.Range(12, 42).ToList().ForEach(a => meter.Input.TryAdd(a, 0));

        var reading = await new RegisterMapMeterReader(client, 1, map).ReadPowerAsync();

        reading.Should().BeEquivalentTo(new MeterPowerReading(2_990, [2_300, 1_150, -460]));
        meter.RequestCount.Should().Be(1, "points within 125 registers are read together, from the same moment");
    }

    [Fact]
    public async Task Reads_points_far_apart_one_by_one_and_sums_the_phases_when_there_is_no_total()
    {
        await using var meter = new RegisterBankServer();
        meter.Holding[100] = 1_000;
        meter.Holding[4000] = 2_000;
        meter.Holding[9000] = 3_000;
        await using var client = Client(meter.Port);
        var map = new MeterRegisterMap(
            RegisterTable.Holding,
            null,
            [new(100, RegisterValueType.Int16, 2), new(4000, RegisterValueType.Int16, 2), new(9000, RegisterValueType.Int16, 2)]);

        var reading = await new RegisterMapMeterReader(client, 1, map).ReadPowerAsync();

        reading.TotalW.Should().Be(12_000);
        reading.PhaseW.Should().Equal(2_000, 4_000, 6_000);
        meter.RequestCount.Should().Be(3);
    }

    [Fact]
    public async Task A_wrong_address_in_the_map_is_the_device_refusing_not_a_zero_reading()
    {
        await using var meter = new RegisterBankServer();
        await using var client = Client(meter.Port);
        var map = new MeterRegisterMap(RegisterTable.Holding, new MeterRegisterPoint(7, RegisterValueType.Int32), []);

        var act = () => new RegisterMapMeterReader(client, 1, map).ReadPowerAsync();

        (await act.Should().ThrowAsync<ModbusException>()).Which.ExceptionCode.Should().Be(ModbusExceptionCode.IllegalDataAddress);
    }

    [Fact]
    public async Task A_sunspec_meter_reads_through_the_same_interface()
    {
        await using var h = SimulatorHarness.Start(new SimulatorOptions { MeterModelId = 203 }, availablePowerW: 0);
        h.Simulator.SetMeterPhasePowers(5_000, 4_000, 3_000);
        IMeterSource source = new SunSpecMeterSource(new SunSpecReader(h.Client, h.UnitId));

        var reading = await source.ReadPowerAsync();

        reading.TotalW.Should().Be(12_000);
        reading.PhaseW.Should().Equal(5_000, 4_000, 3_000);
    }

    private static void Put(Dictionary<int, ushort> bank, int address, float value)
    {
        var bits = BitConverter.SingleToUInt32Bits(value);
        bank[address] = (ushort)(bits >> 16);
        bank[address + 1] = (ushort)bits;
    }

    private static ModbusTcpClient Client(int port) => new(
        new ModbusTcpClientOptions { Host = "127.0.0.1", Port = port, Timeout = TimeSpan.FromSeconds(5) },
        TimeProvider.System);
}
