using OliMove.Edge.Hosting;
using OliMove.Edge.Planning;
using OliMove.Modbus;
using OliMove.Modbus.Meters;
using OliMove.Modbus.SunSpec;
using OliMove.SiteMap.Model;

namespace OliMove.Edge.Metering;

/// <summary>
/// Polls every meter of the site map (one loop per meter), keeps its live reading in <see cref="MeterReadings"/>,
/// and asks for a re-plan of a circuit's group at once when its meter shows the circuit above its limit, its other
/// load rising above what the last plan used, or the meter failing after a plan used it (decision 0239).
/// </summary>
public sealed class MeterPollingService(
    SiteState site,
    MeterReadings readings,
    MeasuredOtherLoad otherLoad,
    OtherLoadHistory history,
    ReplanSignal replan,
    TimeProvider time,
    ILogger<MeterPollingService> logger) : BackgroundService
{
    // A reading above this many times the limit of what the meter sits on is garbage (a wrong scale, a torn value).
    private const double ImplausibleFactor = 10;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var meters = site.Topology.Map.Meters;
        if (meters.Count == 0)
        {
            return;
        }

        logger.LogInformation("Polling {Count} meters", meters.Count);
        await Task.WhenAll(meters.Select(m => PollAsync(m, stoppingToken)));
    }

    private async Task PollAsync(MeterDefinition meter, CancellationToken ct)
    {
        var options = readings.Options;
        await using var client = new ModbusTcpClient(
            new ModbusTcpClientOptions
            {
                Host = meter.Modbus.Host,
                Port = meter.Modbus.Port,
                Timeout = options.Timeout,
                InitialBackoff = options.PollInterval,
                MaxBackoff = options.StaleAfter,
            },
            time);
        var source = MeterSources.Create(meter, client);
        while (!ct.IsCancellationRequested)
        {
            try
            {
                var reading = await source.ReadPowerAsync(ct);
                var at = time.GetUtcNow();
                if (Implausible(meter, reading) is { } problem)
                {
                    Failed(meter, problem, at);
                }
                else
                {
                    readings.Record(meter.Id, reading, at);
                    CheckHeadroom(meter, reading);
                    await RecordHistoryAsync(meter, at, ct);
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is ModbusException or ModbusTransportException or SunSpecException or TimeoutException)
            {
                Failed(meter, e.Message, time.GetUtcNow());
            }
            catch (Exception e)
            {
                // Anything else from one meter must not stop the others or the host: it is that meter's failure.
                logger.LogError(e, "Meter {Meter}: unexpected error while reading", meter.Id);
                Failed(meter, $"unexpected error: {e.Message}", time.GetUtcNow());
            }

            try
            {
                await Task.Delay(options.PollInterval, time, ct);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private string? Implausible(MeterDefinition meter, MeterPowerReading reading)
    {
        if (reading.TotalW is null && (reading.PhaseW.Count == 0 || reading.PhaseW.Any(p => p is null)))
        {
            return "the meter answered without a usable power value";
        }

        var limit = ReferenceLimitW(meter);
        var largest = reading.PhaseW.Where(p => p is not null).Select(p => Math.Abs(p!.Value)).Append(Math.Abs(reading.TotalW ?? 0)).Max();
        return limit is { } l && largest > ImplausibleFactor * l
            ? $"the meter reads {largest} W, more than {ImplausibleFactor} times the {l:0} W limit it sits under; check its register map and scale"
            : null;
    }

    private double? ReferenceLimitW(MeterDefinition meter)
    {
        var topology = site.Topology;
        return meter.Attachment switch
        {
            MeterAttachment.GridConnection => topology.GridLimitW,
            MeterAttachment.Circuit => topology.FindCircuit(meter.TargetId!)?.LimitW,
            _ => topology.Map.OtherLoads.FirstOrDefault(l => l.Id == meter.TargetId) is { } load ? topology.FindCircuit(load.CircuitId)?.LimitW : null,
        };
    }

    private void Failed(MeterDefinition meter, string problem, DateTimeOffset at)
    {
        readings.RecordProblem(meter.Id, problem, at);
        logger.LogWarning("Meter {Meter}: {Problem}; its circuit falls back to the static reservation", meter.Id, problem);
        if (meter.Attachment == MeterAttachment.Circuit && otherLoad.LastUsedByPlan(meter.TargetId!) is not null
            && site.Topology.FindCircuit(meter.TargetId!) is { } circuit)
        {
            // The plan in force counted on a measured (smaller) load: re-plan with the static worst case now.
            otherLoad.ForgetUsedByPlan(circuit.Id);
            replan.Request(circuit.GroupId);
        }
    }

    /// <summary>A circuit meter's usable reading becomes the other load's history (decision 0314).</summary>
    private async Task RecordHistoryAsync(MeterDefinition meter, DateTimeOffset at, CancellationToken ct)
    {
        if (meter.Attachment == MeterAttachment.Circuit && site.Topology.FindCircuit(meter.TargetId!) is { } circuit && otherLoad.Now(circuit) is { } load)
        {
            await history.AddAsync(circuit.Id, load, at, ct);
        }
    }

    private void CheckHeadroom(MeterDefinition meter, MeterPowerReading reading)
    {
        if (meter.Attachment != MeterAttachment.Circuit || site.Topology.FindCircuit(meter.TargetId!) is not { } circuit)
        {
            return;
        }

        var over = reading.TotalW > circuit.LimitW
            || (circuit.PhaseLimitW is { } phaseLimit && reading.PhaseW.Any(p => p > phaseLimit));
        var measured = otherLoad.Now(circuit);
        var used = otherLoad.LastUsedByPlan(circuit.Id)
            ?? new MeasuredLoad((long)circuit.ReservedW, (long)(circuit.ReservedW / 3), (long)(circuit.ReservedW / 3), (long)(circuit.ReservedW / 3));
        if (over || (measured is not null && measured.RoseAbove(used, readings.Options.ReplanStepW)))
        {
            logger.LogInformation("Meter {Meter}: circuit {Circuit} {Why}; re-planning group {Group}", meter.Id, circuit.Id,
                over ? "is above its limit" : $"other load rose to {measured!.TotalW} W", circuit.GroupId);
            replan.Request(circuit.GroupId);
        }
    }
}
