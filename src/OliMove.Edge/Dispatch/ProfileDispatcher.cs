using System.Collections.Concurrent;
using OliMove.Edge.Hosting;
using OliMove.Edge.Live;
using OliMove.Ocpp.CentralSystem;
using OliMove.Ocpp.Messages;
using OliMove.Ocpp.Rpc;
using OliMove.Scheduling;
using OliMove.Storage;

namespace OliMove.Edge.Dispatch;

/// <summary>
/// Sends plans and fail-safe defaults to the charge points. Only changed profiles go out; sends run
/// concurrently across charge points (the OCPP connection itself queues calls to one charger, OCPP-J §4.1.1);
/// a charger that refuses or does not answer is retried, then flagged on the dashboard.
/// </summary>
public sealed class ProfileDispatcher(
    SiteState site,
    LiveSiteState live,
    ChargePointConnectionRegistry connections,
    ChargePointRepository chargePoints,
    TimeProvider time,
    DispatchSettings settings,
    ILogger<ProfileDispatcher> logger)
{
    /// <summary>Fail-safe defaults sit at the bottom of the stack; plans above them.</summary>
    public const int DefaultStackLevel = 0;

    public const int TxStackLevel = 1;

    /// <summary>Used when a charger does not report ChargingScheduleMaxPeriods (OCPP 1.6 §9.4 has no default).</summary>
    public const int AssumedMaxPeriods = 24;

    private const int Attempts = 3;

    private readonly ConcurrentDictionary<(string, int), ChargingProfileSpec> _installed = new();
    private readonly ProfileChangeDetector _detector = new(TimeSpan.FromHours(6));

    public async Task DispatchAsync(GroupPlan plan, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var sends = new List<Task>();
        foreach (var session in plan.Sessions)
        {
            if (!TryParseSession(session, out var chargePointId, out var connectorId, out var transactionId))
            {
                continue; // a prospective session (admission what-if) has nothing to send
            }

            var definition = site.Topology.FindChargePoint(chargePointId);
            var connector = site.Topology.FindConnector(chargePointId, connectorId);
            if (definition is null || connector is null)
            {
                continue;
            }

            var record = await chargePoints.GetAsync(chargePointId, ct);
            var spec = ChargingProfileBuilder.BuildTxProfile(new TxPlanTarget(
                connectorId,
                transactionId,
                FailSafeShareCalculator.UnitOf(definition),
                connector.Phases,
                site.PhaseVoltageV,
                plan.SlotStart,
                TimeSpan.FromSeconds(plan.SlotSeconds),
                session.PowerW,
                record?.Capabilities.MaxSchedulePeriods ?? AssumedMaxPeriods,
                TxStackLevel,
                TxProfileId(connectorId),
                FailSafeW(chargePointId, connectorId),
                settings.FullPlanSlots));
            live.UpdateConnector(chargePointId, connectorId, c => c with { SetpointW = session.SetpointW, SetpointAt = now });
            if (!_detector.MustSend(_installed.GetValueOrDefault((chargePointId, connectorId)), spec, now))
            {
                continue;
            }

            sends.Add(SendAsync(chargePointId, spec, ct));
        }

        await Task.WhenAll(sends);
    }

    /// <summary>Installs each connector's fail-safe TxDefaultProfile (at boot, reconnect, or when the group changes).</summary>
    public async Task InstallFailSafeAsync(string chargePointId, CancellationToken ct)
    {
        var group = site.Topology.GroupOf(chargePointId);
        var definition = site.Topology.FindChargePoint(chargePointId);
        if (group is null || definition is null)
        {
            return;
        }

        var now = time.GetUtcNow();
        var problems = new List<string>();
        foreach (var share in FailSafeShareCalculator.Calculate(site.Topology, group).Where(s => s.ChargePointId == chargePointId))
        {
            // TxDefaultProfile on a connector > 0 replaces the default for that connector only (OCPP 1.6 §3.13.2),
            // so 1- and 3-phase connectors of one charger each get their own share.
            var spec = ChargingProfileBuilder.BuildConstant(
                ProfilePurpose.TxDefaultProfile, share.ConnectorId, DefaultProfileId(share.ConnectorId), DefaultStackLevel,
                share.PowerW, FailSafeShareCalculator.UnitOf(definition), share.Phases, site.PhaseVoltageV,
                SlotStartOfDay(now), TimeSpan.FromDays(3650));
            var problem = await SendWithRetryAsync(chargePointId, spec, ct);
            if (problem is not null)
            {
                problems.Add($"connector {share.ConnectorId}: {problem}");
            }
        }

        live.UpdateChargePoint(chargePointId, c => c with { FailSafeProblem = problems.Count == 0 ? null : string.Join("; ", problems) });
    }

    /// <summary>Forget what a charger holds, so the next plan is sent in full (after a reconnect or a reboot).</summary>
    public void ForgetInstalled(string chargePointId)
    {
        foreach (var key in _installed.Keys.Where(k => k.Item1 == chargePointId).ToList())
        {
            _installed.TryRemove(key, out _);
        }
    }

    public static int TxProfileId(int connectorId) => 2000 + connectorId;

    private long? FailSafeW(string chargePointId, int connectorId) =>
        site.Topology.GroupOf(chargePointId) is { } group
            ? FailSafeShareCalculator.Calculate(site.Topology, group).FirstOrDefault(s => s.ChargePointId == chargePointId && s.ConnectorId == connectorId)?.PowerW
            : null;

    public static int DefaultProfileId(int connectorId) => 1000 + connectorId;

    private static DateTimeOffset SlotStartOfDay(DateTimeOffset now) => new(now.UtcDateTime.Date, TimeSpan.Zero);

    private async Task SendAsync(string chargePointId, ChargingProfileSpec spec, CancellationToken ct)
    {
        var problem = await SendWithRetryAsync(chargePointId, spec, ct) ?? await CheckCompositeAsync(chargePointId, spec, ct);
        live.UpdateConnector(chargePointId, spec.ConnectorId, c => c with { ProfileProblem = problem });
    }

    /// <summary>
    /// Asks the charger what it will actually do (GetCompositeSchedule, OCPP 1.6 §5.7) and compares its limit now
    /// with the profile just accepted; a charger whose composite is above it is flagged (a higher stack level of
    /// someone else's, or a charger that ignores profiles). A charger that cannot answer is not flagged for it.
    /// </summary>
    private async Task<string?> CheckCompositeAsync(string chargePointId, ChargingProfileSpec spec, CancellationToken ct)
    {
        if (!connections.TryGet(chargePointId, out var client))
        {
            return null;
        }

        try
        {
            var now = time.GetUtcNow();
            var response = await client.GetCompositeScheduleAsync(
                new GetCompositeScheduleRequest
                {
                    ConnectorId = spec.ConnectorId,
                    Duration = 60,
                    ChargingRateUnit = spec.Unit == ProfileRateUnit.A ? ChargingRateUnitType.A : ChargingRateUnitType.W,
                },
                ct);
            var expected = spec.LimitAt(now)?.Limit;
            var actual = response.ChargingSchedule?.ChargingSchedulePeriod.FirstOrDefault()?.Limit;
            if (response.Status != AcceptanceStatus.Accepted || expected is null || actual is null)
            {
                return null;
            }

            // The composite may be lower (a charge point max profile, the charger's own rating); only above is wrong.
            return actual > expected + 0.1m ? $"charger's composite schedule {actual} {spec.Unit} is above the plan's {expected} {spec.Unit}" : null;
        }
        catch (Exception e) when (e is OcppCallTimeoutException or OcppConnectionClosedException or OliMove.Ocpp.Routing.OcppCallErrorException)
        {
            return null;
        }
    }

    /// <summary>Returns null when the charger accepted the profile, else what went wrong.</summary>
    private async Task<string?> SendWithRetryAsync(string chargePointId, ChargingProfileSpec spec, CancellationToken ct)
    {
        string? problem = null;
        for (var attempt = 1; attempt <= Attempts; attempt++)
        {
            if (!connections.TryGet(chargePointId, out var client))
            {
                return "offline";
            }

            try
            {
                var response = await client.SetChargingProfileAsync(OcppProfileMapper.ToRequest(spec), ct);
                if (response.Status == ChargingProfileStatus.Accepted)
                {
                    if (spec.Purpose == ProfilePurpose.TxProfile)
                    {
                        _installed[(chargePointId, spec.ConnectorId)] = spec;
                    }

                    return null;
                }

                // A charger may refuse a TxProfile that crosses its own StartTransaction.conf on the wire (it
                // does not know the transaction id yet), so a refusal is retried after a pause before it is flagged.
                problem = $"profile {response.Status}";
                if (attempt < Attempts)
                {
                    await Task.Delay(TimeSpan.FromSeconds(attempt), time, ct);
                }
            }
            catch (OcppCallTimeoutException)
            {
                problem = "no answer to SetChargingProfile";
            }
            catch (OcppConnectionClosedException)
            {
                return "offline";
            }
            catch (OliMove.Ocpp.Routing.OcppCallErrorException e)
            {
                problem = $"CALLERROR {e.Message}";
            }
        }

        logger.LogWarning("Charge point {ChargePoint}: {Purpose} on connector {Connector} failed after {Attempts} attempts: {Problem}", chargePointId, spec.Purpose, spec.ConnectorId, Attempts, problem);
        return problem;
    }

    private static bool TryParseSession(SessionPlan session, out string chargePointId, out int connectorId, out int transactionId)
    {
        chargePointId = "";
        connectorId = 0;
        transactionId = 0;
        if (!session.SessionId.StartsWith("tx-", StringComparison.Ordinal)
            || !int.TryParse(session.SessionId.AsSpan(3), out transactionId))
        {
            return false;
        }

        var slash = session.ConnectorId.LastIndexOf('/');
        if (slash <= 0 || !int.TryParse(session.ConnectorId.AsSpan(slash + 1), out connectorId))
        {
            return false;
        }

        chargePointId = session.ConnectorId[..slash];
        return true;
    }
}
