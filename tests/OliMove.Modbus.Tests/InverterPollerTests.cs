using Microsoft.Extensions.Time.Testing;
using OliMove.Modbus.Polling;
using OliMove.Modbus.SunSpec;
using OliMove.Tools.PvSimulator;

namespace OliMove.Modbus.Tests;

public sealed class InverterPollerTests
{
    private static readonly DateTimeOffset Noon = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Polls_each_inverter_into_live_state_and_storage()
    {
        await using var a = StartSimulator(new SimulatorOptions { UnitId = 1 }, 3_000);
        await using var b = StartSimulator(new SimulatorOptions { UnitId = 126, UseFloatModel = true, BaseAddress = 50000 }, 4_500.5);
        var clock = new FakeTimeProvider(Noon);
        var live = new PvLiveState(TimeSpan.FromSeconds(15));
        var sink = new RecordingSink();
        await using var poller = new InverterPoller(
            [new PvInverterEndpoint("pv-roof", "127.0.0.1", a.Port, 1), new PvInverterEndpoint("pv-carport", "127.0.0.1", b.Port, 126)],
            live,
            sink,
            clock);

        var readings = await poller.PollOnceAsync(CancellationToken.None);

        readings.Should().OnlyContain(r => r.Status == PvReadingStatus.Ok && r.Timestamp == Noon);
        live.Latest("pv-roof", Noon)!.MeasuredPowerW.Should().Be(3_000);
        live.Latest("pv-carport", Noon)!.MeasuredPowerW.Should().BeApproximately(4_500.5, 1e-3);
        live.Latest("pv-roof", Noon)!.RatedPowerW.Should().Be(10_000);
        live.Latest("pv-roof", Noon)!.State.Should().Be(SunSpecOperatingState.Mppt);
        live.PlanningPowerW(["pv-roof", "pv-carport"], Noon).Should().BeApproximately(7_500.5, 1e-3);
        sink.Stored.Select(r => r.InverterId).Should().BeEquivalentTo("pv-roof", "pv-carport");
    }

    [Fact]
    public async Task An_unreachable_inverter_reads_failed_and_counts_zero_not_its_last_value()
    {
        var sim = StartSimulator(new SimulatorOptions(), 6_000);
        var clock = new FakeTimeProvider(Noon);
        var live = new PvLiveState(TimeSpan.FromSeconds(15));
        await using var poller = new InverterPoller(
            [new PvInverterEndpoint("pv", "127.0.0.1", sim.Port, 1)],
            live,
            new RecordingSink(),
            clock,
            new InverterPollerOptions { InitialBackoff = TimeSpan.Zero });
        await poller.PollOnceAsync(CancellationToken.None);
        live.Latest("pv", Noon)!.PlanningPowerW.Should().Be(6_000);

        await sim.DisposeAsync();
        clock.Advance(TimeSpan.FromSeconds(5));
        await poller.PollOnceAsync(CancellationToken.None);
        var reading = live.Latest("pv", clock.GetUtcNow())!;

        reading.Status.Should().Be(PvReadingStatus.Failed);
        reading.PlanningPowerW.Should().Be(0);
        reading.MeasuredPowerW.Should().BeNull();
        reading.Reason.Should().NotBeNullOrWhiteSpace();
    }

    [Fact]
    public async Task Not_implemented_power_is_a_failed_reading_with_its_reason()
    {
        await using var sim = StartSimulator(new SimulatorOptions(), 6_000);
        sim.PinRegister(sim.Registers.InverterAddress + 15, SunSpecValueCodec.NotImplementedInt16);
        var live = new PvLiveState(TimeSpan.FromSeconds(15));
        await using var poller = new InverterPoller([new PvInverterEndpoint("pv", "127.0.0.1", sim.Port, 1)], live, new RecordingSink(), new FakeTimeProvider(Noon));

        var reading = (await poller.PollOnceAsync(CancellationToken.None)).Single();

        reading.Status.Should().Be(PvReadingStatus.Failed);
        reading.Reason.Should().Contain("not implemented");
        reading.PlanningPowerW.Should().Be(0);
    }

    [Fact]
    public void A_reading_older_than_the_limit_is_stale_and_counts_zero()
    {
        var live = new PvLiveState(TimeSpan.FromSeconds(15));
        live.Record(new PvReading("pv", Noon, PvReadingStatus.Ok, 5_000, 1e6, SunSpecOperatingState.Mppt, 10_000, null, null));

        var fresh = live.Latest("pv", Noon.AddSeconds(15))!;
        var stale = live.Latest("pv", Noon.AddSeconds(16))!;

        fresh.PlanningPowerW.Should().Be(5_000);
        stale.Status.Should().Be(PvReadingStatus.Stale);
        stale.PlanningPowerW.Should().Be(0);
        stale.MeasuredPowerW.Should().Be(5_000, "the dashboard may show the last value, marked stale");
        stale.Reason.Should().Contain("no reading for 16 s");
        live.PlanningPowerW(["pv", "never-polled"], Noon.AddSeconds(16)).Should().Be(0);
    }

    [Fact]
    public void Negative_measured_power_plans_as_zero()
    {
        var reading = new PvReading("pv", Noon, PvReadingStatus.Ok, -12, null, SunSpecOperatingState.Sleeping, null, null, null);

        reading.PlanningPowerW.Should().Be(0);
    }

    [Fact]
    public async Task Runs_on_the_injected_clock_every_interval()
    {
        await using var sim = StartSimulator(new SimulatorOptions(), 2_000);
        var clock = new FakeTimeProvider(Noon);
        var sink = new RecordingSink();
        await using var poller = new InverterPoller(
            [new PvInverterEndpoint("pv", "127.0.0.1", sim.Port, 1)],
            new PvLiveState(TimeSpan.FromSeconds(15)),
            sink,
            clock,
            new InverterPollerOptions { Interval = TimeSpan.FromSeconds(5) });
        using var stop = new CancellationTokenSource();

        var run = poller.RunAsync(stop.Token);
        await sink.WaitForAsync(1);
        clock.Advance(TimeSpan.FromSeconds(5));
        await sink.WaitForAsync(2);
        clock.Advance(TimeSpan.FromSeconds(5));
        await sink.WaitForAsync(3);
        await stop.CancelAsync();
        await run;

        sink.Stored.Select(r => r.Timestamp).Should().Equal(Noon, Noon.AddSeconds(5), Noon.AddSeconds(10));
    }

    [Fact]
    public async Task Curtails_with_a_minimum_above_zero_and_rewrites_before_the_revert_timeout()
    {
        var clock = new FakeTimeProvider(Noon);
        await using var sim = StartSimulator(new SimulatorOptions { RatedPowerW = 10_000 }, 9_000, clock);
        var live = new PvLiveState(TimeSpan.FromSeconds(15));
        await using var poller = new InverterPoller(
            [new PvInverterEndpoint("pv", "127.0.0.1", sim.Port, 1)],
            live,
            new RecordingSink(),
            clock,
            new InverterPollerOptions { MinimumLimitPercent = 5, LimitRevertTimeout = TimeSpan.FromSeconds(60) });

        poller.SetPowerLimit("pv", 0).Should().Be(5, "0 % is never written");
        await poller.PollOnceAsync(CancellationToken.None);
        sim.ActiveLimitPercent.Should().Be(5);
        sim.Registers.LimitRevertTimeout.Should().Be(TimeSpan.FromSeconds(60));

        // Poll every 5 s for 3 minutes: the limit must never lapse although the inverter reverts after 60 s.
        for (var t = 0; t < 36; t++)
        {
            clock.Advance(TimeSpan.FromSeconds(5));
            sim.ActiveLimitPercent.Should().Be(5, $"limit still in force at {5 * (t + 1)} s");
            await poller.PollOnceAsync(CancellationToken.None);
        }

        live.Latest("pv", clock.GetUtcNow())!.PowerLimitPercent.Should().Be(5);
        live.Latest("pv", clock.GetUtcNow())!.MeasuredPowerW.Should().Be(500);

        poller.SetPowerLimit("pv", null);
        await poller.PollOnceAsync(CancellationToken.None);
        sim.ActiveLimitPercent.Should().BeNull();
        live.Latest("pv", clock.GetUtcNow())!.MeasuredPowerW.Should().Be(9_000);
    }

    [Fact]
    public async Task Rejects_a_limit_for_an_unknown_inverter()
    {
        await using var poller = new InverterPoller([], new PvLiveState(TimeSpan.FromSeconds(15)), new RecordingSink(), TimeProvider.System);

        var act = () => poller.SetPowerLimit("nope", 50);

        act.Should().Throw<ArgumentException>().WithMessage("*nope*");
    }

    [Fact]
    public void Rejects_duplicate_inverter_ids()
    {
        var act = () => new InverterPoller(
            [new PvInverterEndpoint("pv", "h", 502, 1), new PvInverterEndpoint("pv", "h", 502, 2)],
            new PvLiveState(TimeSpan.FromSeconds(15)),
            new RecordingSink(),
            TimeProvider.System);

        act.Should().Throw<ArgumentException>().WithMessage("*'pv'*twice*");
    }

    private static SunSpecInverterSimulator StartSimulator(SimulatorOptions options, double powerW, TimeProvider? clock = null)
    {
        var sim = new SunSpecInverterSimulator(options, clock ?? TimeProvider.System, _ => powerW);
        sim.Start();
        return sim;
    }
}
