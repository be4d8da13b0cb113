using OliMove.Edge.Configuration;
using OliMove.Edge.Dispatch;
using OliMove.Edge.Hosting;
using OliMove.Edge.Planning;
using OliMove.Edge.Sessions;
using OliMove.Ocpp.CentralSystem;
using OliMove.Ocpp.Messages;
using OliMove.Storage;

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
    InstalledProfiles installed,
    FailSafeInstaller failSafe,
    SessionSettler settler,
    TransactionRepository transactions,
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
        installed.ForgetTxProfiles(e.ChargePointId);
        Background($"fail-safe for {e.ChargePointId}", ct => failSafe.InstallAsync(e.ChargePointId, ct));
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

        installed.ForgetTxProfiles(e.ChargePointId);
        // The connect sent the defaults moments ago on this same connection: only what it did not install goes again.
        Background($"fail-safe for {e.ChargePointId}", ct => failSafe.InstallMissingAsync(e.ChargePointId, ct));
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
        var at = e.Start.Timestamp;
        var applied = false;
        live.UpdateConnector(e.ChargePointId, e.Start.ConnectorId, c =>
        {
            // A replayed start (same id, already started) changes nothing; a start older than the transaction we
            // know on this connector, or than its last stop, is a queued message sent late: stored in its own time,
            // never "now".
            if ((c.TransactionId == e.TransactionId && c.TransactionStartedAt is not null)
                || (c.TransactionId != e.TransactionId && c.TransactionStartedAt is { } known && at < known)
                || (c.TransactionEndedAt is { } ended && at < ended))
            {
                applied = false;
                return c;
            }

            applied = true;
            if (c.TransactionId == e.TransactionId)
            {
                // Its first MeterValues were handled before this start (events of one charger may overtake each
                // other): the connector already runs it with newer readings; it is still a new car, whose
                // rampdown must not be the previous car's (reset below).
                return c with { TransactionStartedAt = at };
            }

            var newer = c.EnergyAt is not { } energyAt || at >= energyAt;
            return c with
            {
                TransactionId = e.TransactionId,
                TransactionStartedAt = at,
                EnergyRegisterWh = newer ? e.Start.MeterStart : c.EnergyRegisterWh,
                EnergyAt = newer ? at : c.EnergyAt,
                MeasuredW = null,
                MeasuredAt = null,
                SocPercent = null,
                SocAt = null,
            };
        });
        if (applied)
        {
            live.SetVehicleMaxW(e.ChargePointId, e.Start.ConnectorId, null);
        }

        // The start may have closed an earlier transaction whose stop was lost (superseded in SQLite): settle it.
        Background($"settlement of transactions superseded on {e.ChargePointId}/{e.Start.ConnectorId}", async ct =>
        {
            foreach (var superseded in await transactions.ListSupersededAtAsync(e.ChargePointId, e.Start.ConnectorId, at, ct))
            {
                await settler.SettleAsync(e.ChargePointId, (int)superseded.Id, ct);
            }
        });
        Replan(e.ChargePointId);
    }

    private void OnStopped(TransactionStopped e)
    {
        Seen(e.ChargePointId);
        var connector = live.ConnectorOfTransaction(e.ChargePointId, e.Stop.TransactionId);
        if (connector is { } c)
        {
            var at = e.Stop.Timestamp;
            live.UpdateConnector(e.ChargePointId, c, s =>
            {
                var newer = s.EnergyAt is not { } energyAt || at >= energyAt;
                return s with
                {
                    TransactionId = null,
                    TransactionEndedAt = at,
                    MeasuredW = 0,
                    MeasuredAt = at,
                    SetpointW = null,
                    SetpointInForceAt = null,
                    EnergyRegisterWh = newer ? e.Stop.MeterStop : s.EnergyRegisterWh,
                    EnergyAt = newer ? at : s.EnergyAt,
                };
            });
            live.SetVehicleMaxW(e.ChargePointId, c, null);
        }

        Background($"settlement of transaction {e.Stop.TransactionId}", ct => settler.SettleAsync(e.ChargePointId, e.Stop.TransactionId, ct));
        Replan(e.ChargePointId);
    }

    private void OnMeterValues(MeterValuesReceived e)
    {
        Seen(e.ChargePointId);
        (long Value, DateTimeOffset At)? power = null;
        (double Value, DateTimeOffset At)? energy = null;
        (double Value, DateTimeOffset At)? soc = null;
        DateTimeOffset? latest = null;
        // The latest reading of each measurand wins, and of readings of the same time the last one in the message
        // (a stable sort by time, read to the end). A plain loop: this runs on every MeterValues.
        var samples = e.Samples;
        for (var i = 0; i < samples.Count; i++)
        {
            var s = samples[i];
            if (latest is not { } l || s.Timestamp > l)
            {
                latest = s.Timestamp;
            }

            switch (s.Measurand)
            {
                case Measurand.PowerActiveImport when s.Phase is null && (power is not { } p || s.Timestamp >= p.At):
                    power = (MeasuredWatts.Of(s.Value), s.Timestamp);
                    break;
                case Measurand.EnergyActiveImportRegister when s.Phase is null && (energy is not { } en || s.Timestamp >= en.At):
                    energy = ((double)s.Value, s.Timestamp);
                    break;
                case Measurand.SoC when soc is not { } so || s.Timestamp >= so.At:
                    soc = ((double)s.Value, s.Timestamp);
                    break;
            }
        }

        var state = live.Connector(e.ChargePointId, e.ConnectorId);
        var powerApplied = false;
        live.UpdateConnector(e.ChargePointId, e.ConnectorId, c =>
        {
            // Samples of another transaction than the one running now (a backlog sent after an outage) are
            // stored, but they are not what the connector does now.
            var newerTransaction = false;
            if (e.TransactionId is { } tx && c.TransactionId is { } running && tx != running)
            {
                // ... unless they are newer than the running one's start: then the charger already runs a later
                // transaction whose start (or the running one's stop) we have not handled yet, and it is "now".
                if (c.TransactionStartedAt is not { } startedAt || latest is not { } last || last <= startedAt)
                {
                    powerApplied = false;
                    return c;
                }

                newerTransaction = true;
            }

            // Only a reading newer than the one we hold replaces it (queued messages arrive late, in their own time).
            var newPower = power is { } p && (c.MeasuredAt is not { } pAt || p.At >= pAt) ? power : null;
            var newEnergy = energy is { } en && (c.EnergyAt is not { } eAt || en.At >= eAt) ? energy : null;
            var newSoc = soc is { } so && (c.SocAt is not { } sAt || so.At >= sAt) ? soc : null;
            powerApplied = newPower is not null;
            var adopt = newerTransaction || (c.TransactionId is null && e.TransactionId is { } t && t > 0
                && (c.TransactionEndedAt is not { } ended || latest > ended));
            return c with
            {
                TransactionId = adopt ? e.TransactionId : c.TransactionId,
                TransactionStartedAt = newerTransaction ? null : c.TransactionStartedAt,
                MeasuredW = newPower?.Value ?? c.MeasuredW,
                MeasuredAt = newPower?.At ?? c.MeasuredAt,
                EnergyRegisterWh = newEnergy?.Value ?? c.EnergyRegisterWh,
                EnergyAt = newEnergy?.At ?? c.EnergyAt,
                SocPercent = newSoc?.Value ?? c.SocPercent,
                SocAt = newSoc?.At ?? c.SocAt,
            };
        });

        // Measured power above the plan is a deviation we must act on at once; below it is usually the car
        // tapering, which rampdown learns at the slot boundary. Re-plan at most once per connector per slot.
        if (powerApplied && power is { } measured && state.SetpointW is { } setpoint && measured.Value - setpoint > options.Slots.DeviationThresholdW)
        {
            var slot = SlotClock.StartOf(measured.At);
            lock (_lastDeviationReplan)
            {
                if (_lastDeviationReplan.TryGetValue((e.ChargePointId, e.ConnectorId), out var last) && last == slot)
                {
                    return;
                }

                _lastDeviationReplan[(e.ChargePointId, e.ConnectorId)] = slot;
            }

            logger.LogWarning("{ChargePoint}/{Connector} draws {Measured} W against a setpoint of {Setpoint} W", e.ChargePointId, e.ConnectorId, measured.Value, setpoint);
            installed.ForgetTxProfiles(e.ChargePointId);
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
