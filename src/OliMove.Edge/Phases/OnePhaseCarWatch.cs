using OliMove.Edge.Hosting;
using OliMove.Edge.Live;
using OliMove.Edge.Planning;
using OliMove.Ocpp.CentralSystem;
using OliMove.Ocpp.Messages;

namespace OliMove.Edge.Phases;

/// <summary>
/// Sees a 1-phase car on a 3-phase connector in its per-phase currents (MeterValues Current.Import L1/L2/L3, which
/// the edge asks every charger to sample) and re-plans its group at once, so the car is planned on the phase it
/// uses and the other two are free for the group (decision 0326). The connector's L1..L3 are taken as the site's
/// L1..L3 (the site map has no phase rotation for 3-phase connectors).
/// </summary>
public sealed class OnePhaseCarWatch(
    OcppCentralSystemEvents events,
    SiteState site,
    LiveSiteState live,
    ConnectorPhases phases,
    ReplanSignal replans,
    ILogger<OnePhaseCarWatch> logger) : IHostedService
{
    /// <summary>A line carrying at least this is charging (the least a car charges at is 6 A).</summary>
    public const decimal ChargingA = 3m;

    /// <summary>A line carrying less than this is idle (measurement noise, the car's standby).</summary>
    public const decimal IdleA = 1m;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        events.MeterValuesReceived += OnMeterValues;
        events.Configured += OnConfigured;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        events.MeterValuesReceived -= OnMeterValues;
        events.Configured -= OnConfigured;
        return Task.CompletedTask;
    }

    /// <summary>The line (1..3) a car charges on alone; 0 when it charges on two or three; null when the currents
    /// do not tell (no car charging, or a line between idle and charging).</summary>
    public static int? OnePhaseOf(decimal l1, decimal l2, decimal l3)
    {
        decimal[] lines = [l1, l2, l3];
        var charging = lines.Count(a => a >= ChargingA);
        if (charging >= 2)
        {
            return 0;
        }

        if (charging == 1 && lines.Count(a => a < IdleA) == 2)
        {
            return Array.FindIndex(lines, a => a >= ChargingA) + 1;
        }

        return null;
    }

    /// <summary>The charger's word on switching wins over the site map's (decision 0327).</summary>
    private void OnConfigured(ChargePointConfigured e)
    {
        phases.ChargerSwitches(e.ChargePointId, e.Capabilities.ConnectorSwitch3to1PhaseSupported);
        if (e.Capabilities.ConnectorSwitch3to1PhaseSupported == false
            && site.Topology.FindChargePoint(e.ChargePointId)?.Connectors.Any(c => c.SwitchesToOnePhase is not null) == true)
        {
            logger.LogWarning("Charge point {ChargePointId} reports ConnectorSwitch3to1PhaseSupported false although the site map says it switches to one phase: it is planned at three phases only", e.ChargePointId);
        }
    }

    private void OnMeterValues(MeterValuesReceived e)
    {
        var connector = site.Topology.FindConnector(e.ChargePointId, e.ConnectorId);
        var group = site.Topology.GroupOf(e.ChargePointId);
        var transactionId = e.TransactionId ?? live.Connector(e.ChargePointId, e.ConnectorId).TransactionId;
        if (connector is not { Phases: 3 } || group is null || transactionId is not { } tx)
        {
            return;
        }

        // A switchable charger we put at one phase shows 1-phase currents of our making, not a 1-phase car.
        if (connector.SwitchesToOnePhase is not null && phases.PlannedAtOnePhase(group.Id, PlanIds.SessionIdOf(tx)))
        {
            return;
        }

        if (LatestLineCurrents(e.Samples) is not var (l1, l2, l3) || OnePhaseOf(l1, l2, l3) is not { } seen)
        {
            return;
        }

        if (phases.SeeCar(e.ChargePointId, e.ConnectorId, tx, seen == 0 ? null : seen))
        {
            logger.LogInformation("Connector {ChargePointId}/{ConnectorId}: the car of transaction {TransactionId} charges on {Lines}",
                e.ChargePointId, e.ConnectorId, tx, seen == 0 ? "three phases" : $"phase L{seen} alone");
            replans.Request(group.Id);
        }
    }

    /// <summary>The three line currents of the latest time that has all three (the last sample of a line at that time
    /// counts), or null. Runs on every MeterValues: plain loops over the few samples, no allocation.</summary>
    public static (decimal L1, decimal L2, decimal L3)? LatestLineCurrents(IReadOnlyList<NormalisedSampledValue> samples)
    {
        DateTimeOffset? below = null;
        while (true)
        {
            // The latest time with a line current, before the times already tried.
            DateTimeOffset? at = null;
            for (var i = 0; i < samples.Count; i++)
            {
                var s = samples[i];
                if (s.Measurand == Measurand.CurrentImport && LineOf(s.Phase) > 0 && (below is null || s.Timestamp < below)
                    && (at is null || s.Timestamp > at))
                {
                    at = s.Timestamp;
                }
            }

            if (at is not { } time)
            {
                return null;
            }

            decimal? l1 = null, l2 = null, l3 = null;
            for (var i = 0; i < samples.Count; i++)
            {
                var s = samples[i];
                if (s.Measurand != Measurand.CurrentImport || s.Timestamp != time)
                {
                    continue;
                }

                switch (LineOf(s.Phase))
                {
                    case 1: l1 = s.Value; break;
                    case 2: l2 = s.Value; break;
                    case 3: l3 = s.Value; break;
                }
            }

            if (l1 is { } a && l2 is { } b && l3 is { } c)
            {
                return (a, b, c);
            }

            below = time;
        }
    }

    private static int LineOf(Phase? phase) => phase switch
    {
        Phase.L1 or Phase.L1N => 1,
        Phase.L2 or Phase.L2N => 2,
        Phase.L3 or Phase.L3N => 3,
        _ => 0,
    };
}
