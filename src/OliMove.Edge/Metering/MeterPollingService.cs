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

    private SiteAssetLoops<MeterDefinition>? _loops;

    /// <summary>The meters polled now: the site map's in force, followed across reloads (decision 0378).</summary>
    public IReadOnlyCollection<string> Polled => _loops?.Running ?? [];

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _loops = new SiteAssetLoops<MeterDefinition>(site, "meter", topology => topology.Map.Meters.Select(m => (m.Id, m)), SameMeter, logger);

        // A removed or changed meter's last reading goes with its loop: it must neither count for a circuit nor show in health.
        return _loops.RunAsync(PollAsync, meter => readings.Forget(meter.Id), stoppingToken);
    }

    /// <summary>Records compare their lists by reference, so a reloaded map's register map is compared point by point.</summary>
    private static bool SameMeter(MeterDefinition a, MeterDefinition b) =>
        a with { Registers = null } == b with { Registers = null }
        && (a.Registers, b.Registers) switch
        {
            (null, null) => true,
            ({ } x, { } y) => x.Table == y.Table && x.TotalPowerW == y.TotalPowerW && x.PhasePowerW.SequenceEqual(y.PhasePowerW),
            _ => false,
        };

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
        foreach (var group in Affected(meter).Where(c => otherLoad.LastUsedByPlan(c.Id) is not null).Select(c =>
        {
            // The plan in force counted on a measured (smaller) load: re-plan without this meter now.
            otherLoad.ForgetUsedByPlan(c.Id);
            return c.GroupId;
        }).Distinct(StringComparer.Ordinal).ToList())
        {
            replan.Request(group);
        }
    }

    /// <summary>
    /// The circuits whose other load this meter can give (decision 0351): its circuit; the circuits above a metered load
    /// that have no circuit meter of their own; every circuit without one for the grid meter.
    /// </summary>
    private IEnumerable<SiteMap.Topology.CircuitNode> Affected(MeterDefinition meter)
    {
        var topology = site.Topology;
        bool Metered(string circuitId) => topology.Map.Meters.Any(m => m.Attachment == MeterAttachment.Circuit && m.TargetId == circuitId);
        return meter.Attachment switch
        {
            MeterAttachment.Circuit => topology.FindCircuit(meter.TargetId!) is { } circuit ? [circuit] : [],
            MeterAttachment.OtherLoad => topology.Map.OtherLoads.FirstOrDefault(l => l.Id == meter.TargetId) is { } load
                ? topology.PathToRoot(load.CircuitId).Where(c => !Metered(c.Id)).ToList()
                : [],
            _ => topology.Groups.SelectMany(g => g.Circuits).Where(c => !Metered(c.Id)).ToList(),
        };
    }

    /// <summary>
    /// A usable reading becomes history (decisions 0314, 0351): a circuit meter's other load under its circuit, a load
    /// meter's reading under its load, the grid meter's residual under the meter.
    /// </summary>
    private async Task RecordHistoryAsync(MeterDefinition meter, DateTimeOffset at, CancellationToken ct)
    {
        var topology = site.Topology;
        switch (meter.Attachment)
        {
            case MeterAttachment.Circuit when topology.FindCircuit(meter.TargetId!) is { } circuit && otherLoad.Now(circuit) is { } load:
                await history.AddAsync(circuit.Id, load, at, ct);
                break;
            case MeterAttachment.OtherLoad when topology.Map.OtherLoads.FirstOrDefault(l => l.Id == meter.TargetId) is { } definition && otherLoad.LoadNow(definition) is { } load:
                await history.AddAsync(OliMove.Storage.OtherLoadSource.Load, definition.Id, load, at, ct);
                break;
            case MeterAttachment.GridConnection when otherLoad.GridResidualNow(out _) is { } residual:
                await history.AddAsync(OliMove.Storage.OtherLoadSource.Grid, meter.Id, residual, at, ct);
                break;
        }
    }

    private void CheckHeadroom(MeterDefinition meter, MeterPowerReading reading)
    {
        var requested = new HashSet<string>(StringComparer.Ordinal);
        foreach (var circuit in Affected(meter))
        {
            var over = meter.Attachment == MeterAttachment.Circuit && (reading.TotalW > circuit.LimitW
                || (circuit.PhaseLimitW is { } phaseLimit && reading.PhaseW.Any(p => p > phaseLimit)));
            var measured = otherLoad.Now(circuit);
            var used = otherLoad.LastUsedByPlan(circuit.Id)
                ?? new MeasuredLoad((long)circuit.ReservedW, (long)circuit.ReservedPerLineW[0], (long)circuit.ReservedPerLineW[1], (long)circuit.ReservedPerLineW[2]);
            if ((over || (measured is not null && measured.RoseAbove(used, readings.Options.ReplanStepW))) && requested.Add(circuit.GroupId))
            {
                logger.LogInformation("Meter {Meter}: circuit {Circuit} {Why}; re-planning group {Group}", meter.Id, circuit.Id,
                    over ? "is above its limit" : $"other load rose to {measured!.TotalW} W", circuit.GroupId);
                replan.Request(circuit.GroupId);
            }
        }
    }
}
