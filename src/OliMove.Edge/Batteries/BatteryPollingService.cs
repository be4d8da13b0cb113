using OliMove.Edge.Hosting;
using OliMove.Edge.Planning;
using OliMove.Modbus;
using OliMove.Modbus.SunSpec;
using OliMove.SiteMap.Model;

namespace OliMove.Edge.Batteries;

/// <summary>
/// Polls every site-map battery that has a Modbus endpoint (one loop per battery): reads SunSpec model 124 and, where
/// the device has it, model 802 for the measured power; then writes the setpoint the plan in force asks for
/// (when it changed, and again well inside the revert timeout). Asks for a re-plan of the battery's group when the
/// battery stops answering after being usable, answers again, or stops following its setpoint (decision 0310).
/// </summary>
public sealed class BatteryPollingService(
    SiteState site,
    BatteryLiveState live,
    ReplanSignal replan,
    TimeProvider time,
    ILogger<BatteryPollingService> logger) : BackgroundService
{
    private CancellationToken _stopping;

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _stopping = stoppingToken;
        var loops = new SiteAssetLoops<(string Group, BatteryDefinition Battery)>(
            site,
            "battery",
            topology => topology.Groups.SelectMany(g => g.Batteries.Where(b => b.Modbus is not null).Select(b => (b.Id, (g.Id, b)))),
            (a, b) => a == b,
            logger);

        // A removed or changed battery's reading, problems and written setpoint go with its loop (decision 0378).
        return loops.RunAsync((b, ct) => PollAsync(b.Group, b.Battery, ct), b => live.Forget(b.Battery.Id), stoppingToken);
    }

    private async Task PollAsync(string groupId, BatteryDefinition battery, CancellationToken ct)
    {
        var options = live.Options;
        var endpoint = battery.Modbus!;
        await using var client = new ModbusTcpClient(
            new ModbusTcpClientOptions
            {
                Host = endpoint.Host,
                Port = endpoint.Port,
                Timeout = options.Timeout,
                InitialBackoff = options.PollInterval,
                MaxBackoff = options.StaleAfter,
            },
            time);
        var reader = new SunSpecReader(client, endpoint.UnitId);
        while (!ct.IsCancellationRequested)
        {
            try
            {
                var reading = await ReadAsync(reader, ct);
                var at = time.GetUtcNow();
                var followedBefore = !live.IsNotFollowing(battery.Id);
                if (live.Record(battery.Id, reading, at))
                {
                    logger.LogInformation("Battery {Battery}: answering at {Soc:0.#} %; re-planning group {Group} with it", battery.Id, reading.SocPercent, groupId);
                    replan.Request(groupId);
                }
                else if (followedBefore && live.IsNotFollowing(battery.Id))
                {
                    logger.LogWarning("Battery {Battery}: does not follow its setpoint ({Setpoint} W asked, {Measured} W measured); re-planning group {Group} with what it does",
                        battery.Id, live.LastWrite(battery.Id).SetpointW, reading.PowerW, groupId);
                    replan.Request(groupId);
                }

                await KeepReserveAsync(reader, battery, reading, ct);
                if (await WriteSetpointAsync(reader, battery, reading, ct))
                {
                    // The plan in force counts on more discharge than the energy above the reserve gives: the chargers
                    // must not keep drawing on it until the next slot.
                    logger.LogInformation("Battery {Battery}: discharge cut at its reserve; re-planning group {Group}", battery.Id, groupId);
                    replan.Request(groupId);
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e) when (e is ModbusException or ModbusTransportException or SunSpecException or TimeoutException or ArgumentOutOfRangeException)
            {
                Failed(groupId, battery, e.Message, reader);
            }
            catch (Exception e)
            {
                // Anything else from one battery must not stop the others or the host: it is that battery's failure.
                logger.LogError(e, "Battery {Battery}: unexpected error", battery.Id);
                Failed(groupId, battery, $"unexpected error: {e.Message}", reader);
            }

            // The next poll, or at once when the planner wants a new setpoint.
            var wanted = live.NextDesireAsync(battery.Id);
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(ct);
            await Task.WhenAny(Task.Delay(options.PollInterval, time, wait.Token), wanted);
            await wait.CancelAsync();
        }

        if (!_stopping.IsCancellationRequested)
        {
            await ReleaseAsync(battery, reader);
        }
    }

    /// <summary>
    /// A reload removed or changed the battery: the device is handed back to its own control at once, rather than
    /// holding the last setpoint until its revert timeout. On a stop the revert timeout does it (the edge may be back first).
    /// </summary>
    private async Task ReleaseAsync(BatteryDefinition battery, SunSpecReader reader)
    {
        if (live.LastWrite(battery.Id).SetpointW is null)
        {
            return;
        }

        using var timeout = new CancellationTokenSource(live.Options.Timeout);
        using var both = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, _stopping);
        try
        {
            await reader.ClearStorageSetpointAsync(both.Token);
            logger.LogInformation("Battery {Battery}: setpoint cleared, it left the site map's control", battery.Id);
        }
        catch (Exception e) when (e is ModbusException or ModbusTransportException or SunSpecException or TimeoutException or OperationCanceledException)
        {
            logger.LogWarning("Battery {Battery}: its setpoint could not be cleared ({Problem}); the device drops it after its revert timeout", battery.Id, e.Message);
        }
    }

    private static async Task<BatteryReading> ReadAsync(SunSpecReader reader, CancellationToken ct)
    {
        var storage = await reader.ReadStorageAsync(ct);
        var bank = await reader.ReadBatteryBankAsync(ct);
        var soc = storage.StateOfChargePercent ?? bank?.StateOfChargePercent
            ?? throw new SunSpecException("the battery gives no state of charge (model 124 ChaState, model 802 SoC)");
        if (soc is < 0 or > 100)
        {
            throw new SunSpecException($"the battery reads a state of charge of {soc} %, outside 0..100 %");
        }

        // Model 802's W where the device has it; else ChaSt: idle states mean 0 W, charging or discharging an unknown power.
        var status = storage.Status ?? bank?.Status;
        var power = bank?.PowerW ?? (status is SunSpecStorageState.Off or SunSpecStorageState.Empty or SunSpecStorageState.Full or SunSpecStorageState.Holding ? 0 : null);
        return new BatteryReading(
            soc,
            bank?.MaxChargeW ?? storage.MaxChargeW,
            bank?.MaxDischargeW ?? storage.MaxChargeW,
            storage.MinimumReservePercent,
            power,
            storage.MaxChargeW)
        {
            StatusDirection = status switch
            {
                SunSpecStorageState.Charging => 1,
                SunSpecStorageState.Discharging => -1,
                SunSpecStorageState.Off or SunSpecStorageState.Empty or SunSpecStorageState.Full or SunSpecStorageState.Holding => 0,
                _ => null,
            },
        };
    }

    /// <summary>
    /// The site map's reserve is written to the battery's own MinRsvPct when the device keeps less, so the device
    /// itself stops discharging there, whatever a late or lost setpoint says.
    /// </summary>
    private async Task KeepReserveAsync(SunSpecReader reader, BatteryDefinition battery, BatteryReading reading, CancellationToken ct)
    {
        var (_, reserve, capacity) = BatteryLiveState.Energy(battery, reading with { DeviceReservePercent = 0 });
        if (capacity <= 0 || reading.DeviceReservePercent is not { } device)
        {
            return;
        }

        var wanted = 100.0 * reserve / capacity;
        if (device + 1e-9 < wanted)
        {
            await reader.WriteStorageReserveAsync(wanted, ct);
            logger.LogInformation("Battery {Battery}: reserve {Reserve:0.##} % written to the device (it kept {Device:0.##} %)", battery.Id, wanted, device);
        }
    }

    /// <summary>Writes the wanted setpoint; true when it newly had to cut a planned discharge for the reserve.</summary>
    private async Task<bool> WriteSetpointAsync(SunSpecReader reader, BatteryDefinition battery, BatteryReading reading, CancellationToken ct)
    {
        var options = live.Options;
        var (written, at) = live.LastWrite(battery.Id);
        var desired = live.Desired(battery.Id);
        if (desired is null)
        {
            if (written is not null)
            {
                await reader.ClearStorageSetpointAsync(ct);
                live.Written(battery.Id, null, time.GetUtcNow());
            }

            return false;
        }

        var limit = reading.SetpointLimitW ?? 0;
        var setpoint = Math.Clamp(desired.Value, -limit, limit);
        var (stored, reserve, _) = BatteryLiveState.Energy(battery, reading);
        if (setpoint < 0)
        {
            // A line of defence for the reserve besides the device's own: never more than the energy above the reserve
            // could give for two polls, so a battery near its reserve slows and stops there whatever the plan said.
            var twoPollsH = 2 * options.PollInterval.TotalHours;
            setpoint = -Math.Min(-setpoint, (long)Math.Floor(Math.Max(0, stored - reserve) / twoPollsH));
        }

        var cut = setpoint > Math.Clamp(desired.Value, -limit, limit) + options.FollowToleranceW;
        var now = time.GetUtcNow();
        if (written == setpoint && at is { } last && now - last < options.RewriteEvery)
        {
            return false;
        }

        var revert = TimeSpan.FromSeconds(Math.Clamp(Math.Round(options.RevertTimeout.TotalSeconds), 1, 65534));
        await reader.WriteStorageSetpointAsync(setpoint, revert, ct);
        live.Written(battery.Id, setpoint, now);
        if (written != setpoint)
        {
            logger.LogInformation("Battery {Battery}: setpoint {Setpoint} W written", battery.Id, setpoint);
        }

        return cut && written != setpoint;
    }

    private void Failed(string groupId, BatteryDefinition battery, string problem, SunSpecReader reader)
    {
        // The device may have been replaced or restarted with another map: discover it again next time.
        reader.ForgetMap();
        if (live.RecordProblem(battery.Id, problem, time.GetUtcNow()))
        {
            logger.LogWarning("Battery {Battery}: {Problem}; planned without it, re-planning group {Group}", battery.Id, problem, groupId);
            replan.Request(groupId);
        }
        else
        {
            logger.LogDebug("Battery {Battery}: {Problem}", battery.Id, problem);
        }
    }
}
