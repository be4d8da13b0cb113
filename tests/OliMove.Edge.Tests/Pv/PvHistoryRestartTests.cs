using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using OliMove.Edge.Hosting;
using OliMove.Edge.Planning;
using OliMove.Modbus.Forecast;
using OliMove.Modbus.Polling;
using OliMove.Storage;
using OliMove.Tools.PvSimulator;

namespace OliMove.Edge.Tests.Pv;

/// <summary>
/// The forecast's history over the real path: an inverter simulator read over Modbus TCP, the poller, the recorder
/// and a real SQLite file, with a manual clock that jumps from poll to poll (no waiting).
/// </summary>
public sealed class PvHistoryRestartTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Q0 = new(2026, 6, 1, 9, 0, 0, TimeSpan.Zero);
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "olimove-pv-" + Guid.NewGuid().ToString("N"));
    private readonly FakeTimeProvider _clock = new(Q0);
    private readonly PvForecaster _forecaster = new();

    private string DatabasePath => Path.Combine(_directory, "edge.db");

    [Fact]
    public async Task A_restart_on_the_same_file_keeps_the_forecast_history_with_the_failed_quarter_missing_not_zero()
    {
        var powerW = 0.0;
        var simulator = new SunSpecInverterSimulator(new SimulatorOptions { RatedPowerW = 10_000 }, TimeProvider.System, _ => powerW);
        var port = simulator.Start();
        var endpoint = new PvInverterEndpoint("pv", "127.0.0.1", port, 1);

        // First run: eight sunny quarters, two polls each, then the inverter stops answering for a quarter and more.
        IReadOnlyList<PvSample> historyBefore;
        IReadOnlyList<long> surplusBefore;
        await using (var first = await Run.StartAsync(DatabasePath, _clock, _forecaster))
        {
            await using var poller = first.Poller(endpoint);
            for (var q = 0; q < 8; q++)
            {
                powerW = 2_000 + (500 * q);
                await PollAtAsync(poller, Q0.AddMinutes((15 * q) + 1));
                powerW += 1_000;
                await PollAtAsync(poller, Q0.AddMinutes((15 * q) + 9));
            }

            await simulator.DisposeAsync();
            await PollAtAsync(poller, Q0.AddMinutes((15 * 8) + 1));
            await PollAtAsync(poller, Q0.AddMinutes((15 * 8) + 9));
            await PollAtAsync(poller, Q0.AddMinutes((15 * 9) + 2));
            first.Live.PlanningPowerW(["pv"], _clock.GetUtcNow()).Should().Be(0, "a failed reading still counts 0 W now (decision 0051)");

            historyBefore = first.Surplus.History("pv");
            historyBefore.Should().HaveCount(9);
            historyBefore.Take(8).Select(s => s.PowerW).Should().Equal(Enumerable.Range(0, 8).Select(q => 2_500.0 + (500 * q)));
            double.IsNaN(historyBefore[8].PowerW).Should().BeTrue("a quarter of failed polls is missing, not 0 W (decision 0052)");
            surplusBefore = first.Surplus.SurplusW(["pv"], Q0.AddMinutes(15 * 9), 96, _clock.GetUtcNow());
            surplusBefore.Skip(1).Should().Contain(w => w > 0, "the forecast has something to lose");
            await first.Recorder.StopAsync(CancellationToken.None);
        }

        // Second run on the same file, still in quarter 9.
        await using var second = await Run.StartAsync(DatabasePath, _clock, _forecaster);

        second.Surplus.History("pv").Should().Equal(historyBefore);
        second.Surplus.SurplusW(["pv"], Q0.AddMinutes(15 * 9), 96, _clock.GetUtcNow()).Skip(1).Should().Equal(surplusBefore.Skip(1));
        var stored = await second.Repository.ListFromAsync(Q0);
        stored.Should().HaveCount(10);
        stored[8].Should().Be(new PvQuarterReading("pv", Q0.AddMinutes(15 * 8), null, 0, 2));
        stored[9].Should().Be(new PvQuarterReading("pv", Q0.AddMinutes(15 * 9), null, 0, 1), "the unfinished quarter is stored on stop");

        // The unfinished quarter goes on where the first run left it.
        _clock.SetUtcNow(Q0.AddMinutes((15 * 9) + 5));
        await second.Recorder.StoreAsync(new PvReading("pv", _clock.GetUtcNow(), PvReadingStatus.Ok, 4_000, null, null, null, null, null), CancellationToken.None);
        _clock.SetUtcNow(Q0.AddMinutes(15 * 10));
        await second.Recorder.StoreAsync(PvReading.Failed("pv", _clock.GetUtcNow(), "timeout"), CancellationToken.None);
        (await second.Repository.ListFromAsync(Q0.AddMinutes(15 * 9))).First().Should().Be(new PvQuarterReading("pv", Q0.AddMinutes(15 * 9), 4_000, 1, 2));
        second.Surplus.History("pv")[^1].Should().Be(new PvSample(Q0.AddMinutes(15 * 9), 4_000));
    }

    // xunit 2 disposes a test class through IAsyncLifetime, not IAsyncDisposable.
    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }

        return Task.CompletedTask;
    }

    private async Task PollAtAsync(InverterPoller poller, DateTimeOffset at)
    {
        _clock.SetUtcNow(at);
        await poller.PollOnceAsync(CancellationToken.None);
    }

    /// <summary>One run of the service's PV parts, wired as EdgeApplication wires them.</summary>
    private sealed class Run : IAsyncDisposable
    {
        private readonly EdgeDatabase _database;
        private readonly TimeProvider _clock;

        private Run(EdgeDatabase database, TimeProvider clock, PvForecaster forecaster)
        {
            _database = database;
            _clock = clock;
            Live = new PvLiveState(TimeSpan.FromSeconds(15));
            Surplus = new PvSurplusSource(Live, forecaster);
            Repository = new PvQuarterReadingRepository(database);
            Recorder = new PvHistoryRecorder(Repository, Surplus, forecaster, clock, NullLogger<PvHistoryRecorder>.Instance);
        }

        public PvLiveState Live { get; }

        public PvSurplusSource Surplus { get; }

        public PvQuarterReadingRepository Repository { get; }

        public PvHistoryRecorder Recorder { get; }

        public static async Task<Run> StartAsync(string path, TimeProvider clock, PvForecaster forecaster)
        {
            var run = new Run(await EdgeDatabase.OpenAsync(path), clock, forecaster);
            await run.Recorder.StartAsync(CancellationToken.None);
            return run;
        }

        public InverterPoller Poller(PvInverterEndpoint endpoint) =>
            new([endpoint], Live, Recorder, _clock, new InverterPollerOptions { InitialBackoff = TimeSpan.Zero });

        public ValueTask DisposeAsync() => _database.DisposeAsync();
    }
}
