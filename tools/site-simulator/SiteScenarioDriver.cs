using System.Net.WebSockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using OliMove.Ocpp.Messages;
using OliMove.Ocpp.Routing;
using OliMove.Ocpp.Rpc;
using OliMove.SiteMap.Model;
using OliMove.Tools.CpSimulator;

namespace OliMove.Tools.SiteSimulator;

/// <summary>
/// Plays a <see cref="SiteScenario"/> against the controller: one <see cref="SimulatedChargePoint"/> per charge
/// point of the site map, over real WebSockets, on the scenario clock. Each step plugs in the cars whose
/// arrival has come, unplugs those whose departure has come, lets every car draw under the profiles it holds,
/// and reconnects (and re-boots) chargers that lost the controller, so a controller restart is survived the
/// way real chargers survive it: they keep charging on their installed profiles while offline.
/// </summary>
public sealed class SiteScenarioDriver : IAsyncDisposable
{
    private readonly SiteScenario _scenario;
    private readonly SiteScenarioDriverOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Dictionary<string, SimulatedChargePoint> _chargePoints = new(StringComparer.Ordinal);
    private readonly Dictionary<ScenarioConnector, Queue<ScenarioVisit>> _pending = [];
    private readonly Dictionary<ScenarioConnector, (ScenarioVisit Visit, BatteryCar Car)> _plugged = [];
    private readonly object _lock = new();
    private DateTimeOffset _nextMeterSample = DateTimeOffset.MinValue;

    public SiteScenarioDriver(SiteMapDocument map, SiteScenario scenario, SiteScenarioDriverOptions options, TimeProvider time, ILoggerFactory? loggers = null)
    {
        _scenario = scenario;
        _options = options;
        _time = time;
        _logger = (loggers ?? NullLoggerFactory.Instance).CreateLogger<SiteScenarioDriver>();
        foreach (var cp in map.ChargePoints)
        {
            var phases = cp.Connectors.Max(c => c.Phases);
            var maxCurrent = cp.Connectors.Max(c => c.MaxCurrentA);
            _chargePoints[cp.ChargePointId] = new SimulatedChargePoint(
                new SimulatedChargePointOptions
                {
                    ChargePointId = cp.ChargePointId,
                    CentralSystem = options.CentralSystem,
                    AuthorizationKey = options.KeyFor(cp.ChargePointId),
                    ConnectorCount = cp.Connectors.Count,
                    Supply = new ElectricalSupply(options.NominalVoltageV, phases, maxCurrent),
                    AllowedChargingRateUnits = cp.ChargingRateUnit == ChargingRateUnit.W ? "Power" : "Current",
                    CallTimeout = options.CallTimeout,
                },
                time,
                loggers?.CreateLogger<SimulatedChargePoint>());
        }

        foreach (var connector in scenario.Connectors)
        {
            _pending[connector] = new Queue<ScenarioVisit>(scenario.Visits.Where(v => v.Connector == connector).OrderBy(v => v.Arrival));
        }
    }

    public IReadOnlyDictionary<string, SimulatedChargePoint> ChargePoints => _chargePoints;

    /// <summary>Raised after every step with the whole site's state (tests check limits on it).</summary>
    public event Action<FleetSample>? Sampled;

    /// <summary>The visits that have ended (unplugged), with the car as it left.</summary>
    public List<(ScenarioVisit Visit, BatteryCar Car, int? TransactionId)> Finished { get; } = [];

    /// <summary>Connects and boots every charger (those that cannot connect are retried at each step).</summary>
    public async Task ConnectAllAsync(CancellationToken ct = default) =>
        await Task.WhenAll(_chargePoints.Values.Select(cp => EnsureOnlineAsync(cp, ct)));

    /// <summary>Steps the scenario on its clock until <paramref name="until"/> or cancellation.</summary>
    public async Task RunAsync(DateTimeOffset until, CancellationToken ct)
    {
        while (_time.GetUtcNow() < until && !ct.IsCancellationRequested)
        {
            await StepAsync(ct);
            try
            {
                await Task.Delay(_options.StepInterval, _time, ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                break;
            }
        }
    }

    /// <summary>One step at the clock's now: reconnect, unplug, plug in, draw, meter, report.</summary>
    public async Task<FleetSample> StepAsync(CancellationToken ct = default)
    {
        var now = _time.GetUtcNow();
        var meter = now >= _nextMeterSample;
        if (meter)
        {
            _nextMeterSample = now + _options.MeterSampleInterval;
        }

        await Task.WhenAll(_chargePoints.Values.Select(cp => StepChargePointAsync(cp, now, meter, ct)));
        var sample = Sample(_time.GetUtcNow());
        Sampled?.Invoke(sample);
        return sample;
    }

    /// <summary>The site now, without stepping (each charger integrates its draw up to <paramref name="now"/> first).</summary>
    public FleetSample Sample(DateTimeOffset now)
    {
        var connectors = new List<ConnectorSample>();
        foreach (var connector in _scenario.Connectors)
        {
            var cp = _chargePoints[connector.ChargePointId];
            cp.Advance(now);
            var state = cp.Connectors[connector.ConnectorId - 1];
            (ScenarioVisit Visit, BatteryCar Car)? plugged;
            lock (_lock)
            {
                plugged = _plugged.TryGetValue(connector, out var p) ? p : null;
            }

            connectors.Add(new ConnectorSample(
                connector,
                plugged?.Visit,
                cp.TransactionIdOn(connector.ConnectorId),
                state.DrawW,
                state.OfferedW,
                plugged?.Car.AcceptablePowerW ?? 0));
        }

        return new FleetSample(now, connectors, [.. _chargePoints.Values.Where(c => !c.IsConnected).Select(c => c.ChargePointId)]);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var cp in _chargePoints.Values)
        {
            await cp.DisposeAsync();
        }
    }

    private async Task StepChargePointAsync(SimulatedChargePoint cp, DateTimeOffset now, bool meter, CancellationToken ct)
    {
        await EnsureOnlineAsync(cp, ct);
        foreach (var connector in _scenario.Connectors.Where(c => c.ChargePointId == cp.ChargePointId))
        {
            (ScenarioVisit Visit, BatteryCar Car)? plugged;
            lock (_lock)
            {
                plugged = _plugged.TryGetValue(connector, out var p) ? p : null;
            }

            if (plugged is { } leaving && leaving.Visit.Departure <= now)
            {
                var transactionId = cp.TransactionIdOn(connector.ConnectorId);
                await cp.StopTransactionAsync(connector.ConnectorId, Reason.EVDisconnected, ct);
                await ReportStatusAsync(cp, connector.ConnectorId, ChargePointStatus.Available, ct);
                lock (_lock)
                {
                    _plugged.Remove(connector);
                    Finished.Add((leaving.Visit, leaving.Car, transactionId));
                }

                plugged = null;
            }

            var queue = _pending[connector];
            while (queue.Count > 0 && queue.Peek().Departure <= now)
            {
                // Its whole stay passed before the scenario clock reached it (a run started mid-day).
                queue.Dequeue();
            }

            if (plugged is null && queue.Count > 0 && queue.Peek().Arrival <= now)
            {
                var visit = queue.Dequeue();
                var car = visit.NewCar();
                lock (_lock)
                {
                    _plugged[connector] = (visit, car);
                }

                if (visit.OptsIn && _options.BeforeOptedInPlugIn is { } request)
                {
                    try
                    {
                        var outcome = await request(visit, ct);
                        _logger.LogInformation("{Session}: charging request {Outcome}", visit.SessionId, outcome);
                    }
                    catch (Exception e) when (e is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException)
                    {
                        _logger.LogWarning("{Session}: charging request failed ({Message}); plugging in without one", visit.SessionId, e.Message);
                    }
                }

                await cp.StartTransactionAsync(connector.ConnectorId, visit.IdTag, car, ct);
                await ReportStatusAsync(cp, connector.ConnectorId, ChargePointStatus.Charging, ct);
            }
        }

        if (meter)
        {
            await cp.SampleMeterValuesAsync(ct);
        }
        else
        {
            cp.Advance(now);
            await cp.FlushAsync(ct);
        }
    }

    /// <summary>
    /// A real charger reports its connector's status as a car comes and goes, so the cockpit's tiles follow; an
    /// offline charger does not queue statuses (OCPP 1.6 §4.9) but reports them anew when back (EnsureOnlineAsync).
    /// </summary>
    private static async Task ReportStatusAsync(SimulatedChargePoint cp, int connectorId, ChargePointStatus status, CancellationToken ct)
    {
        if (!cp.IsConnected)
        {
            return;
        }

        try
        {
            await cp.StatusAsync(connectorId, status, ct);
        }
        catch (Exception e) when (e is WebSocketException or OcppConnectionClosedException or OcppCallTimeoutException)
        {
            // Lost on the way, like on a real charger; the next connect reports the current status.
        }
    }

    private async Task EnsureOnlineAsync(SimulatedChargePoint cp, CancellationToken ct)
    {
        if (cp.IsConnected && cp.BootStatus == RegistrationStatus.Accepted)
        {
            return;
        }

        try
        {
            if (!cp.IsConnected)
            {
                await cp.ConnectAsync(ct);
            }

            var boot = await cp.BootAsync(ct);
            if (boot.Status != RegistrationStatus.Accepted)
            {
                return;
            }

            foreach (var state in cp.Connectors)
            {
                await cp.StatusAsync(state.ConnectorId, state.LocalTransaction is null ? ChargePointStatus.Available : ChargePointStatus.Charging, ct);
            }

            _logger.LogInformation("{ChargePointId}: online", cp.ChargePointId);
        }
        catch (Exception e) when (e is WebSocketException or OcppConnectionClosedException or OcppCallTimeoutException or OcppCallErrorException or HttpRequestException)
        {
            // The controller is away (or restarting): the charger keeps charging on its installed profiles.
            _logger.LogDebug("{ChargePointId}: offline ({Message})", cp.ChargePointId, e.Message);
            try
            {
                await cp.DisconnectAsync();
            }
            catch (Exception close) when (close is WebSocketException or OcppConnectionClosedException or ObjectDisposedException or InvalidOperationException)
            {
                _logger.LogDebug("{ChargePointId}: close after failure ({Message})", cp.ChargePointId, close.Message);
            }
        }
    }
}
