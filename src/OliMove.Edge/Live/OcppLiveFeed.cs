using OliMove.Edge.Configuration;
using OliMove.Edge.Dispatch;
using OliMove.Edge.Hosting;
using OliMove.Edge.Planning;
using OliMove.Edge.Sessions;
using OliMove.Ocpp.CentralSystem;
using OliMove.Ocpp.Messages;

namespace OliMove.Edge.Live;

/// <summary>
/// Turns OCPP events into live state and planning work. Event handlers run on the charger's connection, so
/// anything slow (profiles, settlement) is handed to the background and its failure logged.
/// </summary>
public sealed class OcppLiveFeed(
    OcppCentralSystemEvents events,
    SiteState site,
    LiveSiteState live,
    ReplanSignal replans,
    ProfileDispatcher dispatcher,
    SessionSettler settler,
    EdgeOptions options,
    TimeProvider time,
    IHostApplicationLifetime lifetime,
    ILogger<OcppLiveFeed> logger) : IHostedService
{
    private readonly Dictionary<(string, int), DateTimeOffset> _lastDeviationReplan = [];

    public Task StartAsync(CancellationToken cancellationToken)
    {
        events.Connected += OnConnected;
        events.Disconnected += OnDisconnected;
        events.Booted += OnBooted;
        events.Heartbeat += OnHeartbeat;
        events.StatusChanged += OnStatus;
        events.TransactionStarted += OnStarted;
        events.TransactionStopped += OnStopped;
        events.MeterValuesReceived += OnMeterValues;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        events.Connected -= OnConnected;
        events.Disconnected -= OnDisconnected;
        events.Booted -= OnBooted;
        events.Heartbeat -= OnHeartbeat;
        events.StatusChanged -= OnStatus;
        events.TransactionStarted -= OnStarted;
        events.TransactionStopped -= OnStopped;
        events.MeterValuesReceived -= OnMeterValues;
        return Task.CompletedTask;
    }

    private void OnConnected(ChargePointConnected e)
    {
        live.UpdateChargePoint(e.ChargePointId, c => c with { Connected = true, LastSeenAt = e.At });
        // A reconnecting charger may hold older profiles (or none, after a reboot): send everything again.
        dispatcher.ForgetInstalled(e.ChargePointId);
        Background($"fail-safe for {e.ChargePointId}", ct => dispatcher.InstallFailSafeAsync(e.ChargePointId, ct));
        Replan(e.ChargePointId);
    }

    private void OnDisconnected(ChargePointDisconnected e) =>
        live.UpdateChargePoint(e.ChargePointId, c => c with { Connected = false, LastSeenAt = e.At });

    private void OnHeartbeat(ChargePointHeartbeat e) =>
        live.UpdateChargePoint(e.ChargePointId, c => c with { LastSeenAt = e.At });

    /// <summary>"Last seen" is the last message of any kind, so the cockpit can tell a quiet charger from a dead one;
    /// the connector update that follows announces it.</summary>
    private void Seen(string chargePointId) =>
        live.UpdateChargePoint(chargePointId, c => c with { LastSeenAt = time.GetUtcNow() }, notify: false);

    private void OnBooted(ChargePointBooted e)
    {
        live.UpdateChargePoint(e.ChargePointId, c => c with { LastSeenAt = time.GetUtcNow() });
        if (e.Status != RegistrationStatus.Accepted)
        {
            return;
        }

        dispatcher.ForgetInstalled(e.ChargePointId);
        Background($"fail-safe for {e.ChargePointId}", ct => dispatcher.InstallFailSafeAsync(e.ChargePointId, ct));
        Replan(e.ChargePointId);
    }

    private void OnStatus(ConnectorStatusChanged e)
    {
        Seen(e.ChargePointId);
        live.UpdateConnector(e.ChargePointId, e.Status.ConnectorId, c => c with
        {
            Status = e.Status.Status.ToString(),
            ErrorCode = e.Status.ErrorCode.ToString(),
        });
    }

    private void OnStarted(TransactionStarted e)
    {
        Seen(e.ChargePointId);
        live.UpdateConnector(e.ChargePointId, e.Start.ConnectorId, c => c with
        {
            TransactionId = e.TransactionId,
            EnergyRegisterWh = e.Start.MeterStart,
            MeasuredW = null,
        });
        live.SetVehicleMaxW(e.ChargePointId, e.Start.ConnectorId, null);
        Replan(e.ChargePointId);
    }

    private void OnStopped(TransactionStopped e)
    {
        Seen(e.ChargePointId);
        var connector = live.ConnectorOfTransaction(e.ChargePointId, e.Stop.TransactionId);
        if (connector is { } c)
        {
            live.UpdateConnector(e.ChargePointId, c, s => s with { TransactionId = null, MeasuredW = 0, SetpointW = null, EnergyRegisterWh = e.Stop.MeterStop });
            live.SetVehicleMaxW(e.ChargePointId, c, null);
        }

        Background($"settlement of transaction {e.Stop.TransactionId}", ct => settler.SettleAsync(e.ChargePointId, e.Stop.TransactionId, ct));
        Replan(e.ChargePointId);
    }

    private void OnMeterValues(MeterValuesReceived e)
    {
        Seen(e.ChargePointId);
        double? power = null;
        double? energy = null;
        double? soc = null;
        foreach (var s in e.Samples.OrderBy(s => s.Timestamp))
        {
            switch (s.Measurand)
            {
                case Measurand.PowerActiveImport when s.Phase is null:
                    power = (double)s.Value;
                    break;
                case Measurand.EnergyActiveImportRegister when s.Phase is null:
                    energy = (double)s.Value;
                    break;
                case Measurand.SoC:
                    soc = (double)s.Value;
                    break;
            }
        }

        var at = e.Samples.Count > 0 ? e.Samples.Max(s => s.Timestamp) : (DateTimeOffset?)null;
        var state = live.Connector(e.ChargePointId, e.ConnectorId);
        live.UpdateConnector(e.ChargePointId, e.ConnectorId, c => c with
        {
            TransactionId = e.TransactionId ?? c.TransactionId,
            MeasuredW = power ?? c.MeasuredW,
            MeasuredAt = power is null ? c.MeasuredAt : at,
            EnergyRegisterWh = energy ?? c.EnergyRegisterWh,
            SocPercent = soc ?? c.SocPercent,
        });

        // Measured power above the plan is a deviation we must act on at once; below it is usually the car
        // tapering, which rampdown learns at the slot boundary. Re-plan at most once per connector per slot.
        if (power is { } w && state.SetpointW is { } setpoint && w - setpoint > options.Slots.DeviationThresholdW && at is { } when)
        {
            var slot = SnapshotBuilder.SlotStartOf(when);
            lock (_lastDeviationReplan)
            {
                if (_lastDeviationReplan.TryGetValue((e.ChargePointId, e.ConnectorId), out var last) && last == slot)
                {
                    return;
                }

                _lastDeviationReplan[(e.ChargePointId, e.ConnectorId)] = slot;
            }

            logger.LogWarning("{ChargePoint}/{Connector} draws {Measured} W against a setpoint of {Setpoint} W", e.ChargePointId, e.ConnectorId, w, setpoint);
            dispatcher.ForgetInstalled(e.ChargePointId);
            Replan(e.ChargePointId);
        }
    }

    private void Replan(string chargePointId)
    {
        if (site.Topology.GroupOf(chargePointId) is { } group)
        {
            replans.Request(group.Id);
        }
    }

    private void Background(string what, Func<CancellationToken, Task> work) =>
        _ = Task.Run(async () =>
        {
            try
            {
                await work(lifetime.ApplicationStopping);
            }
            catch (OperationCanceledException) when (lifetime.ApplicationStopping.IsCancellationRequested)
            {
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Background work failed: {What}", what);
            }
        });
}
