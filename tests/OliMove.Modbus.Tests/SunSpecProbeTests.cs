using OliMove.Modbus.SunSpec;
using OliMove.Tools.PvSimulator;

namespace OliMove.Modbus.Tests;

public sealed class SunSpecProbeTests
{
    // Generous where an answer is expected (the 2-core box is shared); short only where a timeout is the point.
    private static readonly SunSpecProbe Probe = new(TimeProvider.System, TimeSpan.FromSeconds(5));
    private static readonly SunSpecProbe ImpatientProbe = new(TimeProvider.System, TimeSpan.FromSeconds(1));

    [Fact]
    public async Task Reports_what_it_found_on_a_sunspec_inverter()
    {
        await using var sim = Start(new SimulatorOptions { UnitId = 126, BaseAddress = 50000, SerialNumber = "SN-42", ModelName = "STP 10.0" });

        var report = await Probe.ProbeAsync("127.0.0.1", sim.Port, 126);
        var text = SunSpecProbeReportRenderer.RenderText(report);

        report.Outcome.Should().Be(SunSpecProbeOutcome.Found);
        report.Map!.BaseAddress.Should().Be(50000);
        report.Common!.SerialNumber.Should().Be("SN-42");
        report.Inverter!.PowerW.Should().Be(5_000);
        text.Should().Contain($"SunSpec probe 127.0.0.1:{sim.Port} unit 126: OK")
            .And.Contain("base address 50000")
            .And.Contain("103 (three-phase inverter) @50070 L50")
            .And.Contain("manufacturer OliMove")
            .And.Contain("model        STP 10.0")
            .And.Contain("serial       SN-42")
            .And.Contain("power        5000 W")
            .And.Contain("energy       1234567 Wh")
            .And.Contain("state        MPPT")
            .And.Contain("rated power  10000 W");
    }

    [Fact]
    public async Task Wrong_port_says_connection_refused()
    {
        var report = await Probe.ProbeAsync("127.0.0.1", ModbusTcpClientTests.FreePort(), 1);

        report.Outcome.Should().Be(SunSpecProbeOutcome.ConnectionRefused);
        SunSpecProbeReportRenderer.RenderText(report).Should().Contain("FAILED (connection refused)").And.Contain("wrong port");
    }

    [Fact]
    public async Task Wrong_unit_behind_a_gateway_says_wrong_unit_id()
    {
        await using var sim = Start(new SimulatorOptions { UnitId = 1 });

        var report = await Probe.ProbeAsync("127.0.0.1", sim.Port, 9);

        report.Outcome.Should().Be(SunSpecProbeOutcome.WrongUnitId);
        report.Reason.Should().Contain("no device at unit 9");
    }

    [Fact]
    public async Task Wrong_unit_on_a_silent_device_names_the_unit_that_answers()
    {
        await using var sim = Start(new SimulatorOptions { UnitId = 126 });
        sim.UnknownUnit = UnknownUnitReply.Silence;

        var report = await ImpatientProbe.ProbeAsync("127.0.0.1", sim.Port, 3);

        report.Outcome.Should().Be(SunSpecProbeOutcome.WrongUnitId);
        report.Reason.Should().Be("no answer on unit 3, but unit 126 answers");
        report.Hint.Should().Be("use --unit 126");
    }

    [Fact]
    public async Task A_device_without_sunspec_says_so()
    {
        await using var sim = Start(new SimulatorOptions());
        sim.PinRegister(40001, 0);

        var report = await Probe.ProbeAsync("127.0.0.1", sim.Port, 1);

        report.Outcome.Should().Be(SunSpecProbeOutcome.NoSunSpec);
        SunSpecProbeReportRenderer.RenderText(report).Should().Contain("FAILED (no SunSpec)").And.Contain("no SunSpec marker");
    }

    [Fact]
    public async Task A_device_that_never_answers_times_out()
    {
        await using var sim = Start(new SimulatorOptions());
        sim.Hang = true;

        var report = await ImpatientProbe.ProbeAsync("127.0.0.1", sim.Port, 1);

        report.Outcome.Should().Be(SunSpecProbeOutcome.Timeout);
        report.Reason.Should().StartWith($"connected to 127.0.0.1:{sim.Port}, but no reply within 1 s on unit 1");
    }

    [Fact]
    public async Task An_invalid_port_is_reported_without_connecting()
    {
        var report = await Probe.ProbeAsync("127.0.0.1", 70000, 1);

        report.Outcome.Should().Be(SunSpecProbeOutcome.HostUnreachable);
        report.Reason.Should().Contain("70000");
    }

    private static SunSpecInverterSimulator Start(SimulatorOptions options)
    {
        var sim = new SunSpecInverterSimulator(options, TimeProvider.System, _ => 5_000);
        sim.Start();
        return sim;
    }
}
