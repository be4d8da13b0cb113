using System.Collections.Concurrent;
using OliMove.Edge.Hosting;
using OliMove.Edge.Live;
using OliMove.Edge.Upstream.Constraints;
using OliMove.Ocpp.CentralSystem;
using OliMove.Ocpp.Messages;
using OliMove.Ocpp.Rpc;
using OliMove.Scheduling;
using OliMove.SiteMap.Topology;
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
    ProfileRefusals refusals,
    BackendLimitSource backendLimits,
    ILogger<ProfileDispatcher> logger)
{
    /// <summary>Fail-safe defaults sit at the bottom of the stack; plans above them.</summary>
    public const int DefaultStackLevel = 0;

    public const int TxStackLevel = 1;

    /// <summary>Used when a charger does not report ChargingScheduleMaxPeriods (OCPP 1.6 §9.4 has no default).</summary>
    public const int AssumedMaxPeriods = 24;

    private const int Attempts = 3;

    /// <summary>
    /// How far every schedule reaches back before its plan's start (at the first period's limit). A plan made on an
    /// event starts at that second; a charger whose clock is a little behind would otherwise find its TxProfile not
    /// yet started (and run on its default) or, for a window default, no default at all, i.e. no limit. Chargers'
    /// clocks drift by seconds to minutes between Heartbeat time syncs.
    /// </summary>
    public static readonly TimeSpan ClockSkewAllowance = TimeSpan.FromMinutes(5);

    /// <summary>Fail-safe defaults run until the controller replaces them; ten years is "for good" on the wire.</summary>
    private static readonly TimeSpan DefaultValidity = TimeSpan.FromDays(3650);

    private readonly ConcurrentDictionary<(string, int), ChargingProfileSpec> _installed = new();
    private readonly ConcurrentDictionary<(string, int), ChargingProfileSpec> _installedDefaults = new();
    private readonly ConcurrentDictionary<(string, int), ChargingProfileSpec> _plannedDefaults = new();
    private readonly ProfileChangeDetector _detector = new(TimeSpan.FromHours(6));

    /// <summary>
    /// Sends the plan's TxProfiles and, with them, every connector's fail-safe default for the plan's uncapped
    /// window (WindowDefaultsCalculator). Profiles that lower a limit go first and are awaited before any that
    /// raise one, so that the limits the chargers hold never add up to more than a circuit carries, not even
    /// for the moment between two sends.
    /// </summary>
    public async Task DispatchAsync(GroupPlan plan, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var changes = new List<(string ChargePointId, ChargingProfileSpec Spec, bool Raises)>();
        var plannedW = new Dictionary<(string, int), IReadOnlyList<long>>();
        // Once per dispatch: the group's static shares, and each charger's stored record (one read per charger).
        var group = site.Topology.Groups.FirstOrDefault(g => g.Id == plan.GroupId);
        var shares = group is null
            ? new Dictionary<(string, int), FailSafeShare>()
            : (await SharesAsync(group, now, ct)).ToDictionary(s => (s.ChargePointId, s.ConnectorId));
        var records = new Dictionary<string, ChargePointRecord?>(StringComparer.Ordinal);
        async Task<ChargePointRecord?> RecordAsync(string chargePointId) =>
            records.TryGetValue(chargePointId, out var known) ? known : records[chargePointId] = await chargePoints.GetAsync(chargePointId, ct);

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

            plannedW[(chargePointId, connectorId)] = session.PowerW;
            var record = await RecordAsync(chargePointId);
            var terms = ChargerProfileTerms.Of(definition, record?.Capabilities);
            var spec = ChargingProfileBuilder.BuildTxProfile(new TxPlanTarget(
                connectorId,
                transactionId,
                terms.Unit,
                connector.Phases,
                site.PhaseVoltageV,
                plan.SlotStart,
                TimeSpan.FromSeconds(plan.SlotSeconds),
                session.PowerW,
                record?.Capabilities.MaxSchedulePeriods ?? AssumedMaxPeriods,
                terms.TxStackLevel,
                TxProfileId(connectorId),
                shares.TryGetValue((chargePointId, connectorId), out var share) ? share.PowerW : null,
                settings.FullPlanSlots,
                ClockSkewAllowance));
            var installed = _installed.GetValueOrDefault((chargePointId, connectorId));
            var mustSend = _detector.MustSend(installed, spec, now);
            // A setpoint that must be sent is not in force until the charger accepts it (SendAsync); one the
            // installed profile already gives stays in force since that profile was accepted.
            live.UpdateConnector(chargePointId, connectorId, c => c with
            {
                SetpointW = session.SetpointW,
                SetpointAt = now,
                SetpointInForceAt = mustSend ? null : c.SetpointInForceAt,
            });
            if (mustSend)
            {
                // Without a TxProfile the charger runs the transaction on its default, which the window default
                // has already counted; a new TxProfile is a raise.
                changes.Add((chargePointId, spec, installed is null || Raises(installed, spec, now)));
            }
        }

        if (group is not null)
        {
            await AddWindowDefaultsAsync(group, plan, plannedW, shares, RecordAsync, now, changes, ct);
        }

        // A charger that does not answer delays the raises of its group, never the lowerings (they come first).
        await Task.WhenAll(changes.Where(c => !c.Raises).Select(c => SendChangeAsync(c.ChargePointId, c.Spec, ct)));
        await Task.WhenAll(changes.Where(c => c.Raises).Select(c => SendChangeAsync(c.ChargePointId, c.Spec, ct)));
    }

    private async Task AddWindowDefaultsAsync(
        ChargingGroup group, GroupPlan plan, Dictionary<(string, int), IReadOnlyList<long>> plannedW,
        Dictionary<(string, int), FailSafeShare> shares, Func<string, Task<ChargePointRecord?>> recordOf, DateTimeOffset now,
        List<(string ChargePointId, ChargingProfileSpec Spec, bool Raises)> changes, CancellationToken ct)
    {
        var windows = WindowDefaultsCalculator.Calculate(site.Topology, group, plannedW, settings.FullPlanSlots);
        foreach (var chargePoint in group.ChargePoints)
        {
            if (!connections.TryGet(chargePoint.ChargePointId, out _))
            {
                continue; // it gets its defaults when it connects (InstallFailSafeAsync)
            }

            var record = await recordOf(chargePoint.ChargePointId);
            var terms = ChargerProfileTerms.Of(chargePoint, record?.Capabilities);
            foreach (var connector in chargePoint.Connectors)
            {
                var key = (chargePoint.ChargePointId, connector.ConnectorId);
                // The window may give an idle connector its static share; the backend's limit caps it (decision 0190).
                var window = windows[key].Select(w => Math.Min(w, shares[key].PowerW)).ToArray();
                var spec = ChargingProfileBuilder.BuildWindowDefault(
                    connector.ConnectorId, DefaultProfileId(connector.ConnectorId), terms.DefaultStackLevel, window, shares[key].PowerW,
                    terms.Unit, connector.Phases, site.PhaseVoltageV, plan.SlotStart,
                    TimeSpan.FromSeconds(plan.SlotSeconds), record?.Capabilities.MaxSchedulePeriods ?? AssumedMaxPeriods, DefaultValidity,
                    ClockSkewAllowance);
                _plannedDefaults[key] = spec;
                var installed = _installedDefaults.GetValueOrDefault(key);
                if (_detector.MustSend(installed, spec, now))
                {
                    changes.Add((chargePoint.ChargePointId, spec, installed is null || Raises(installed, spec, now)));
                }
            }
        }
    }

    /// <summary>Whether <paramref name="next"/> allows more than <paramref name="installed"/> at any instant from now.</summary>
    private static bool Raises(ChargingProfileSpec installed, ChargingProfileSpec next, DateTimeOffset now) =>
        installed.BreakpointsFrom(now).Concat(next.BreakpointsFrom(now)).Append(now)
            .Where(t => t < next.End)
            .Any(t => installed.LimitAt(t) is not { } before || next.LimitAt(t)!.Value.Limit > before.Limit);

    private Task SendChangeAsync(string chargePointId, ChargingProfileSpec spec, CancellationToken ct) =>
        spec.Purpose == ProfilePurpose.TxProfile ? SendAsync(chargePointId, spec, ct) : SendDefaultAsync(chargePointId, spec, ct);

    private async Task SendDefaultAsync(string chargePointId, ChargingProfileSpec spec, CancellationToken ct)
    {
        var problem = (await SendWithRetryAsync(chargePointId, spec, ct)).Problem;
        live.UpdateChargePoint(chargePointId, c => c with { FailSafeProblem = problem is null ? null : $"connector {spec.ConnectorId}: {problem}" });
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
        var terms = ChargerProfileTerms.Of(definition, (await chargePoints.GetAsync(chargePointId, ct))?.Capabilities);
        foreach (var share in (await SharesAsync(group, now, ct)).Where(s => s.ChargePointId == chargePointId))
        {
            // TxDefaultProfile on a connector > 0 replaces the default for that connector only (OCPP 1.6 §3.13.2),
            // so 1- and 3-phase connectors of one charger each get their own share.
            // The last plan's window default when there is one (a charger reconnecting mid-plan must not take its
            // static share while a neighbour runs above its own); else the static share.
            var planned = _plannedDefaults.GetValueOrDefault((chargePointId, share.ConnectorId));
            var spec = planned is not null && planned.Unit == terms.Unit && planned.StackLevel == terms.DefaultStackLevel
                ? planned
                : ChargingProfileBuilder.BuildConstant(
                    ProfilePurpose.TxDefaultProfile, share.ConnectorId, DefaultProfileId(share.ConnectorId), terms.DefaultStackLevel,
                    share.PowerW, terms.Unit, share.Phases, site.PhaseVoltageV,
                    SlotStartOfDay(now), DefaultValidity);
            var problem = (await SendWithRetryAsync(chargePointId, spec, ct)).Problem;
            if (problem is not null)
            {
                problems.Add($"connector {share.ConnectorId}: {problem}");
            }
        }

        live.UpdateChargePoint(chargePointId, c => c with { FailSafeProblem = problems.Count == 0 ? null : string.Join("; ", problems) });
    }

    /// <summary>
    /// The group's fail-safe shares, each capped by its charger's backend limits (decision 0190): a charger must
    /// never be left holding more than the CPO's backend allowed, not even once the edge is gone.
    /// </summary>
    private async Task<IReadOnlyList<FailSafeShare>> SharesAsync(ChargingGroup group, DateTimeOffset now, CancellationToken ct) =>
        await backendLimits.CapFailSafeAsync(FailSafeShareCalculator.Calculate(site.Topology, group), group, now, ct);

    /// <summary>Forget the window defaults of the last plans (the site map changed: they were cut from old limits).</summary>
    public void ForgetPlannedDefaults() => _plannedDefaults.Clear();

    /// <summary>Forget what a charger holds, so the next plan is sent in full (after a reconnect or a reboot).</summary>
    public void ForgetInstalled(string chargePointId)
    {
        foreach (var key in _installed.Keys.Where(k => k.Item1 == chargePointId).ToList())
        {
            _installed.TryRemove(key, out _);
        }
    }

    public static int TxProfileId(int connectorId) => 2000 + connectorId;

    public static int DefaultProfileId(int connectorId) => 1000 + connectorId;

    private static DateTimeOffset SlotStartOfDay(DateTimeOffset now) => new(now.UtcDateTime.Date, TimeSpan.Zero);

    private async Task SendAsync(string chargePointId, ChargingProfileSpec spec, CancellationToken ct)
    {
        var sentAt = time.GetUtcNow();
        var outcome = await SendWithRetryAsync(chargePointId, spec, ct);
        if (outcome.Accepted)
        {
            // In force from its acceptance, unless a later dispatch has since replaced the setpoint.
            var acceptedAt = time.GetUtcNow();
            live.UpdateConnector(chargePointId, spec.ConnectorId, c => c.SetpointAt is { } at && at <= sentAt && c.TransactionId == spec.TransactionId
                ? c with { SetpointInForceAt = acceptedAt }
                : c);
        }

        var problem = outcome.Accepted ? await CheckCompositeAsync(chargePointId, spec, ct) : outcome.Problem;
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

    /// <summary>
    /// Sends one profile, retrying a refusal or a missing answer. A charger that keeps refusing is backed off
    /// (<see cref="ProfileRefusals"/>): while it is, nothing is sent, and its one problem is the refusal.
    /// </summary>
    private async Task<SendOutcome> SendWithRetryAsync(string chargePointId, ChargingProfileSpec spec, CancellationToken ct)
    {
        string? problem = null;
        var attempts = refusals.IsRefusing(chargePointId) ? 1 : Attempts;
        var generation = refusals.Generation(chargePointId);
        for (var attempt = 1; attempt <= attempts; attempt++)
        {
            if (generation != refusals.Generation(chargePointId))
            {
                return new SendOutcome(false, null); // built from terms since replaced; the new ones are being sent
            }

            if (!connections.TryGet(chargePointId, out var client))
            {
                return new SendOutcome(false, "offline");
            }

            if (!refusals.MayTry(chargePointId, time.GetUtcNow()))
            {
                return new SendOutcome(false, null);
            }

            try
            {
                var response = await client.SetChargingProfileAsync(OcppProfileMapper.ToRequest(spec), ct);
                if (response.Status == ChargingProfileStatus.Accepted)
                {
                    refusals.Accepted(chargePointId);
                    if (spec.Purpose == ProfilePurpose.TxProfile)
                    {
                        _installed[(chargePointId, spec.ConnectorId)] = spec;
                    }
                    else if (spec.Purpose == ProfilePurpose.TxDefaultProfile)
                    {
                        _installedDefaults[(chargePointId, spec.ConnectorId)] = spec;
                    }

                    return new SendOutcome(true, null);
                }

                // A charger may refuse a TxProfile that crosses its own StartTransaction.conf on the wire (it
                // does not know the transaction id yet), so a refusal is retried after a pause before it is flagged.
                problem = $"profile {response.Status}";
                if (Refuse(chargePointId, spec, problem, generation))
                {
                    return new SendOutcome(false, null);
                }

                if (attempt < attempts)
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
                return new SendOutcome(false, "offline");
            }
            catch (OliMove.Ocpp.Routing.OcppCallErrorException e)
            {
                problem = $"CALLERROR {e.Message}";
                if (Refuse(chargePointId, spec, problem, generation))
                {
                    return new SendOutcome(false, null);
                }
            }
        }

        if (refusals.IsRefusing(chargePointId))
        {
            return new SendOutcome(false, null);
        }

        logger.LogWarning("Charge point {ChargePoint}: {Purpose} on connector {Connector} failed after {Attempts} attempts: {Problem}", chargePointId, spec.Purpose, spec.ConnectorId, attempts, problem);
        return new SendOutcome(false, problem);
    }

    /// <summary>Records a refusal; true when the charger is now backed off (the caller stops trying).</summary>
    private bool Refuse(string chargePointId, ChargingProfileSpec spec, string problem, long generation)
    {
        // A TxProfile's refusal is ambiguous: the charger rejects a profile for a transaction it does not know
        // (OCPP 1.6 §5.16), which a profile crossing its StartTransaction.conf, or one for a transaction that has
        // just stopped, is. Only a refused default makes a charger "refusing"; once it is, every refusal counts.
        if (spec.Purpose == ProfilePurpose.TxProfile && !refusals.IsRefusing(chargePointId))
        {
            return false;
        }

        if (refusals.Refused(chargePointId, problem, time.GetUtcNow(), generation))
        {
            logger.LogWarning("Charge point {ChargePoint} refuses SetChargingProfile ({Problem}, last on connector {Connector}, {Purpose}); backing off, its sessions are planned at what it draws", chargePointId, problem, spec.ConnectorId, spec.Purpose);
        }

        return refusals.IsRefusing(chargePointId);
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
