using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using OliMove.Chain;

namespace OliMove.Tools.Soak;

/// <summary>
/// One soak: a generated site map, <c>olimove-edge run</c> as a child process on an accelerated clock with a
/// fresh SQLite file, the simulated fleet over real WebSockets on the same clock, a look at the service every
/// simulated hour, and the verdict at the end.
/// </summary>
public static class SoakRun
{
    public static async Task<SoakResult> RunAsync(SoakOptions options, CancellationToken ct = default)
    {
        options.Validate();
        var progress = options.Progress ?? (_ => { });
        var wall = Stopwatch.StartNew();
        var directory = options.WorkDirectory ?? Path.Combine(Path.GetTempPath(), "olimove-soak-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        progress($"soak: {options.ChargePoints} charge points in {options.Cabinets} cabinets, {options.Days} simulated days at {options.Speed}x, in {directory}");

        await File.WriteAllTextAsync(Path.Combine(directory, "site.yaml"), SoakSiteMap.Yaml(options.ChargePoints, options.PerCabinet, options.CabinetLimitW), ct);
        var token = OliMove.Edge.Api.ApiTokenHash.NewToken();
        var configFile = Path.Combine(directory, "config.json");
        await File.WriteAllTextAsync(configFile, Config(options, token), ct);
        var groups = Enumerable.Range(1, options.Cabinets).Select(SoakSiteMap.Cabinet).ToList();
        var archive = new SiteArchive(Path.Combine(directory, "edge.db"));

        await using var service = await EdgeServiceProcess.StartAsync(directory, configFile, EdgeServiceProcess.FreePort(), options.Speed, options.ClockStart, ct);
        using var api = new ServiceApi(service.BaseUri, token);
        var clock = await api.SharedClockAsync(options.Speed, ct);
        var from = clock.GetUtcNow();
        await using var fleet = SoakFleet.Create(options, service.OcppUri, clock, from, from + options.Duration + TimeSpan.FromDays(1));
        progress($"service up (pid {service.ProcessId}, port {service.Port}) after {wall.Elapsed.TotalSeconds:0.0} s; connecting the fleet");
        await fleet.ConnectAllAsync(TimeSpan.FromMinutes(15), ct);

        var windowStart = await SettledBoundaryAsync(archive, groups, clock, ct) + SlotLedger.Slot;
        var windowEnd = windowStart + options.Duration;
        await Task.Delay(Max(TimeSpan.Zero, windowStart - clock.GetUtcNow()), clock, ct);
        var setup = wall.Elapsed;
        var ledger = new SlotLedger(groups, windowStart);
        var baseline = await SampleAsync(service, api, fleet, archive, ledger, windowStart, wall, ct);
        progress($"fleet connected and the service settled after {setup.TotalSeconds:0.0} s; window {windowStart:ddd yyyy-MM-dd HH:mm} to {windowEnd:ddd yyyy-MM-dd HH:mm} (service clock)");
        progress(Describe(baseline, windowStart));

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var running = fleet.RunAsync(windowEnd, stop.Token);
        var samples = new List<HourlySample>();
        try
        {
            for (var at = windowStart.AddHours(1); at <= windowEnd; at = at.AddHours(1))
            {
                var wait = at - clock.GetUtcNow();
                if (wait > TimeSpan.Zero)
                {
                    await Task.WhenAny(Task.Delay(wait, clock, ct), running);
                }

                if (running.IsFaulted || service.HasExited)
                {
                    break;
                }

                // Boundaries at least one slot old: a plan later than that is missed, not late.
                await ReadSlotsAsync(archive, ledger, SlotStartOf(at - SlotLedger.Slot), ct);
                var sample = await SampleAsync(service, api, fleet, archive, ledger, at, wall, ct);
                samples.Add(sample);
                progress(Describe(sample, windowStart));
            }

            if (service.HasExited)
            {
                throw new InvalidOperationException($"olimove-edge exited during the soak; see {Path.Combine(directory, "service.out")}");
            }

            await running;
        }
        finally
        {
            await stop.CancelAsync();
            await IgnoreCancellation(running);
        }

        // The last boundary's plans and the last slot's record land one slot after the window.
        await Task.Delay(Max(TimeSpan.Zero, windowEnd + SlotLedger.Slot - clock.GetUtcNow()), clock, ct);
        await ReadSlotsAsync(archive, ledger, windowEnd, ct);
        var charging = fleet.Charging;
        progress("window over; every charge point back online and its queue delivered");
        await fleet.SettleAsync(TimeSpan.FromMinutes(10), ct);
        await WaitForAsync(async () => (await api.ConnectedChargePointsAsync(ct)).Connected == options.ChargePoints, TimeSpan.FromSeconds(120), ct);
        var final = await SampleAsync(service, api, fleet, archive, ledger, clock.GetUtcNow(), wall, ct);
        progress(Describe(final, windowStart));

        var recordKeys = await archive.SlotRecordKeysAsync(ct);
        var withoutRecord = ledger.Boundaries.Take(Math.Max(0, ledger.BoundaryCount - 1))
            .Where(b => !recordKeys.Contains($"slot:{ChainIds.SlotId(b)}")).ToList();
        var stored = await archive.TransactionsAsync(ct);
        var byId = stored.ToDictionary(t => t.Id);
        var acknowledgedNotStored = fleet.Counters.Acknowledged.Count(a => !byId.TryGetValue(a.Key, out var row) || row.ChargePointId != a.Value);
        var meterSamples = await archive.ScalarAsync("SELECT COUNT(*) FROM (SELECT DISTINCT charge_point_id, sampled_at FROM meter_values WHERE context = 'Sample.Periodic')", ct);

        var result = new SoakResult
        {
            Options = options,
            WindowStart = windowStart,
            WindowEnd = windowEnd,
            SetupDuration = setup,
            RealDuration = wall.Elapsed,
            Baseline = baseline,
            Samples = samples,
            Final = final,
            Slots = ledger,
            SlotsWithoutRecord = withoutRecord,
            Fleet = fleet.Counters,
            TransactionsStored = stored.Count,
            OpenTransactionsStored = stored.Count(t => t.Open),
            ChargingAtEnd = charging,
            AcknowledgedNotStored = acknowledgedNotStored,
            MeterSamplesStored = meterSamples,
            ServiceErrorLines = service.ErrorLines,
            FirstServiceErrors = service.FirstErrors,
            WorkDirectory = directory,
            Checks = [],
        };
        result = result with { Checks = SoakVerdict.Evaluate(result) };
        await fleet.DisposeAsync();
        await service.DisposeAsync();
        if (result.Passed && !options.KeepWorkDirectory && options.WorkDirectory is null)
        {
            Directory.Delete(directory, recursive: true);
        }

        return result;
    }

    /// <summary>
    /// The connect storm leaves the service a backlog (a configuration exchange, a fail-safe profile and a group
    /// re-plan per boot), which the reconnect-storm test measures. The window opens after it: at the boundary
    /// that follows the first one the service planned for every group within the slot.
    /// </summary>
    private static async Task<DateTimeOffset> SettledBoundaryAsync(SiteArchive archive, IReadOnlyList<string> groups, TimeProvider clock, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow.AddMinutes(10);
        for (var boundary = NextBoundary(clock.GetUtcNow()); DateTime.UtcNow < deadline; boundary += SlotLedger.Slot)
        {
            await Task.Delay(Max(TimeSpan.Zero, boundary - clock.GetUtcNow()), clock, ct);
            while (clock.GetUtcNow() < boundary + SlotLedger.Slot)
            {
                if ((await archive.BoundaryPlansAsync(groups, boundary, boundary + SlotLedger.Slot, ct)).Count == groups.Count)
                {
                    return boundary;
                }

                await Task.Delay(TimeSpan.FromMilliseconds(100), ct);
            }
        }

        throw new TimeoutException("the service did not plan every group at one slot boundary within 10 minutes of the fleet connecting");
    }

    private static async Task ReadSlotsAsync(SiteArchive archive, SlotLedger ledger, DateTimeOffset upTo, CancellationToken ct)
    {
        if (upTo > ledger.CheckedUpTo)
        {
            ledger.Add(await archive.BoundaryPlansAsync(ledger.GroupIds, ledger.CheckedUpTo, upTo, ct), upTo);
        }
    }

    private static async Task<HourlySample> SampleAsync(EdgeServiceProcess service, ServiceApi api, SoakFleet fleet, SiteArchive archive, SlotLedger ledger, DateTimeOffset at, Stopwatch wall, CancellationToken ct)
    {
        var resources = ProcessResourceReader.IsAvailable ? ProcessResourceReader.Read(service.ProcessId) : null;
        var (connected, latency) = await api.ConnectedChargePointsAsync(ct);
        var counters = fleet.Counters;
        return new HourlySample(at, wall.Elapsed, resources, connected, fleet.Online, fleet.Charging,
            ledger.Planned, ledger.Expected, ledger.Missed.Count, archive.SizeBytes,
            counters.StartsMade, counters.MeterSamples, counters.Heartbeats, counters.Drops, latency);
    }

    private static string Describe(HourlySample s, DateTimeOffset windowStart)
    {
        var r = s.Service;
        return string.Create(CultureInfo.InvariantCulture,
            $"{(s.SimulatedAt - windowStart).TotalHours,6:0.0} h  real {s.RealElapsed.TotalSeconds,7:0} s  RSS {(r?.RssBytes ?? 0) / 1048576.0,6:0.0} MiB  fds {r?.OpenDescriptors,5}  tcp {r?.TcpEstablished,5} est {r?.TcpCloseWait} cw  connected {s.ConnectedPerApi}/{s.OnlineInFleet}  charging {s.Charging}  slots {s.PlannedSoFar}/{s.ExpectedSoFar} missed {s.MissedSoFar}  db {s.DatabaseBytes / 1048576.0:0} MiB  api {s.ApiLatency.TotalMilliseconds:0} ms");
    }

    private static string Config(SoakOptions options, string viewerToken) => JsonSerializer.Serialize(new
    {
        SiteMap = "site.yaml",
        Database = "edge.db",
        Ocpp = new
        {
            // The simulated cars present made-up idTags.
            AcceptUnknownIdTags = true,
            // Real seconds: the service scales transport timeouts by the clock speed.
            CallTimeoutSeconds = 30,
            HeartbeatIntervalSeconds = options.HeartbeatIntervalSeconds,
            MeterValueSampleIntervalSeconds = options.MeterValueSampleIntervalSeconds,
        },
        Api = new
        {
            Tokens = new[] { new { Name = "soak", Role = "viewer", Sha256 = OliMove.Edge.Api.ApiTokenHash.Sha256Hex(viewerToken) } },
        },
        Logs = new { Directory = "logs", MinimumLevel = "Information" },
    }, new JsonSerializerOptions { WriteIndented = true });

    private static async Task WaitForAsync(Func<Task<bool>> condition, TimeSpan within, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + within;
        while (!await condition() && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200, ct);
        }
    }

    private static DateTimeOffset SlotStartOf(DateTimeOffset at) => new(at.UtcTicks - (at.UtcTicks % SlotLedger.Slot.Ticks), TimeSpan.Zero);

    private static DateTimeOffset NextBoundary(DateTimeOffset at) => SlotStartOf(at) + SlotLedger.Slot;

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private static async Task IgnoreCancellation(Task task)
    {
        try
        {
            await task;
        }
        catch (OperationCanceledException)
        {
        }
    }
}
