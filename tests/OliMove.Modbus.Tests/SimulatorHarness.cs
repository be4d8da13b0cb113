using OliMove.Tools.PvSimulator;

namespace OliMove.Modbus.Tests;

/// <summary>A simulator on a free loopback port and a client pointed at it; both stopped on dispose.</summary>
public sealed class SimulatorHarness : IAsyncDisposable
{
    private SimulatorHarness(SunSpecInverterSimulator simulator, ModbusTcpClient client)
    {
        Simulator = simulator;
        Client = client;
    }

    public SunSpecInverterSimulator Simulator { get; }

    public ModbusTcpClient Client { get; }

    public byte UnitId => Simulator.Options.UnitId;

    public static SimulatorHarness Start(
        SimulatorOptions? options = null,
        double availablePowerW = 7_350,
        TimeProvider? simulatorClock = null,
        TimeSpan? timeout = null,
        TimeSpan? initialBackoff = null)
    {
        var simulator = new SunSpecInverterSimulator(options ?? new SimulatorOptions(), simulatorClock ?? TimeProvider.System, _ => availablePowerW);
        var port = simulator.Start();
        var client = new ModbusTcpClient(
            new ModbusTcpClientOptions
            {
                Host = "127.0.0.1",
                Port = port,
                Timeout = timeout ?? TimeSpan.FromSeconds(5),
                InitialBackoff = initialBackoff ?? TimeSpan.FromMilliseconds(100),
                MaxBackoff = TimeSpan.FromSeconds(1),
            },
            TimeProvider.System);
        return new SimulatorHarness(simulator, client);
    }

    public async ValueTask DisposeAsync()
    {
        await Client.DisposeAsync();
        await Simulator.DisposeAsync();
    }
}
