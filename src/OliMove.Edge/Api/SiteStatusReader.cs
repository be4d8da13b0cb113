using System.Text.Json;
using OliMove.Edge.Api.Views;
using OliMove.Edge.Hosting;
using OliMove.Edge.Live;
using OliMove.Edge.Planning;
using OliMove.Edge.Upstream;
using OliMove.Edge.Upstream.Constraints;
using OliMove.Modbus.Polling;
using OliMove.SiteMap.Model;
using OliMove.SiteMap.Topology;
using OliMove.Storage;

namespace OliMove.Edge.Api;

/// <summary>
/// Builds the API's views of the site from the site map, live state, the plan board and SQLite. Reads only:
/// nothing here changes state.
/// </summary>
public sealed class SiteStatusReader(
    SiteState site,
    LiveSiteState live,
    PlanBoard plans,
    PvLiveState pv,
    TransactionRepository transactions,
    ChargingRequestRepository requests,
    SlotPlanRepository slotPlans,
    GroupPowerHistory history,
    BackendLimitSource backendLimits,
    SnapshotBuilder snapshots,
    OliMove.Edge.Batteries.BatteryLiveState batteries,
    TimeProvider time,
    OliMove.Edge.Dispatch.ProfileRefusals refusals,
    OliMove.Edge.Dispatch.RateUnitMismatches unitMismatches,
    UpstreamLinks? upstream = null)
{
    public IReadOnlyList<GroupView> Groups() => [.. site.Topology.Groups.Select(Group)];

    public GroupView? Group(string groupId) =>
        site.Topology.Groups.FirstOrDefault(g => g.Id == groupId) is { } g ? Group(g) : null;

    /// <summary>What a group's connectors draw now, by their last measured power.</summary>
    public double MeasuredW(ChargingGroup group) =>
        group.ChargePoints.Sum(cp => cp.Connectors.Sum(c => live.Connector(cp.ChargePointId, c.ConnectorId).MeasuredW ?? 0));

    private GroupView Group(ChargingGroup group)
    {
        var now = time.GetUtcNow();
        var plan = plans.Get(group.Id);
        var inverters = group.PvInverters.Select(i =>
        {
            var r = pv.Latest(i.Id, now);
            return new PvInverterView(i.Id, i.RatedPowerW, r?.Status.ToString() ?? "Unknown", r?.MeasuredPowerW, r?.Timestamp, r?.Reason);
        }).ToList();
        var fresh = inverters.Where(i => i.Status == nameof(PvReadingStatus.Ok) && i.PowerW is not null).ToList();
        var circuits = group.Circuits.Select(c => new CircuitView(
            c.Id,
            c.ParentId,
            c.LimitW,
            c.ReservedW,
            PlannedNow(plan, c.Id),
            group.ChargePoints
                .Where(cp => site.Topology.PathToRoot(cp.CircuitId).Any(p => p.Id == c.Id))
                .Sum(cp => cp.Connectors.Sum(k => live.Connector(cp.ChargePointId, k.ConnectorId).MeasuredW ?? 0)))).ToList();
        return new GroupView(
            group.Id,
            group.LimitW,
            group.ReservedW,
            group.GuaranteedCapacityW,
            PlannedNow(plan, group.Id),
            MeasuredW(group),
            fresh.Count == 0 ? null : fresh.Sum(i => i.PowerW!.Value),
            inverters,
            [.. group.OtherLoads.Select(l => new OtherLoadView(l.Id, l.CircuitId, l.Kind.ToString(), l.PowerW))],
            circuits,
            [.. group.ChargePoints.Select(cp => cp.ChargePointId)],
            plan?.Plan.SlotStart,
            plan?.Record.Revision,
            plan?.Record.OutputSha256)
        {
            Batteries = BatteryView.Of(batteries.Health().Where(b => b.GroupId == group.Id), group, plan?.Plan),
        };
    }

    private static double? PlannedNow(PlanInForce? plan, string circuitId) =>
        plan?.Plan.Circuits.FirstOrDefault(c => c.CircuitId == circuitId)?.LoadW is { Count: > 0 } load ? load[0] : null;

    public async Task<IReadOnlyList<ChargePointView>> ChargePointsAsync(CancellationToken ct)
    {
        var active = await transactions.ListActiveAsync(ct);
        var open = await requests.ListOpenAsync(ct);
        var views = new List<ChargePointView>();
        foreach (var cp in site.Topology.ChargePoints.OrderBy(c => c.ChargePointId, StringComparer.Ordinal))
        {
            views.Add(ChargePoint(cp, active, open) with { BackendLimit = await backendLimits.ViewAsync(cp.ChargePointId, active, time.GetUtcNow(), ct) });
        }

        return views;
    }

    public async Task<ChargePointView?> ChargePointAsync(string chargePointId, CancellationToken ct)
    {
        if (site.Topology.FindChargePoint(chargePointId) is not { } cp)
        {
            return null;
        }

        var active = await transactions.ListActiveAsync(ct);
        return ChargePoint(cp, active, await requests.ListOpenAsync(ct)) with { BackendLimit = await backendLimits.ViewAsync(chargePointId, active, time.GetUtcNow(), ct) };
    }

    private ChargePointView ChargePoint(ChargePointDefinition cp, IReadOnlyList<TransactionRecord> active, IReadOnlyList<ChargingRequestRecord> open)
    {
        var state = live.ChargePoint(cp.ChargePointId);
        var problems = new List<string>();
        var silent = snapshots.IsSilent(cp.ChargePointId, time.GetUtcNow());
        if (silent && active.Any(t => t.ChargePointId == cp.ChargePointId))
        {
            var since = state.LastSeenAt is { } seen ? $"since {seen:yyyy-MM-dd HH:mm:ss}Z" : "and never heard from since the start";
            problems.Add($"silent {since}: its sessions are stale and held at their fail-safe share");
        }
        if (state.FailSafeProblem is { } failSafe)
        {
            problems.Add(failSafe);
        }

        problems.AddRange(new[] { unitMismatches.Problem(cp.ChargePointId), refusals.Problem(cp.ChargePointId) }.OfType<string>());

        var connectors = cp.Connectors.Select(c =>
        {
            var l = live.Connector(cp.ChargePointId, c.ConnectorId);
            var tx = active.FirstOrDefault(t => t.ChargePointId == cp.ChargePointId && t.ConnectorId == c.ConnectorId);
            var request = open.FirstOrDefault(r => r.ChargePointId == cp.ChargePointId && r.ConnectorId == c.ConnectorId);
            var planned = plans.Session(PlanIds.ConnectorKey(cp.ChargePointId, c.ConnectorId));
            if (l.ProfileProblem is { } profile)
            {
                problems.Add($"connector {c.ConnectorId}: {profile}");
            }

            if (l.ErrorCode is { } error && error != "NoError")
            {
                problems.Add($"connector {c.ConnectorId}: {error}");
            }

            double? sessionEnergy = tx is not null && l.EnergyRegisterWh is { } register ? Math.Max(0, register - tx.MeterStartWh) : null;
            return new ConnectorView(
                c.ConnectorId,
                c.EvseId,
                l.Status,
                l.ErrorCode,
                c.RatedPowerW,
                tx is null ? null : l.SetpointW,
                l.MeasuredW,
                l.MeasuredAt,
                sessionEnergy,
                tx?.Id,
                tx is null ? null : PlanIds.SessionIdOf(tx.Id),
                tx is null ? null : l.SocPercent,
                request?.OptIn,
                request?.EnergyRequestedWh,
                request?.Departure,
                tx is not null && planned is { } p && p.Plan.SessionId == PlanIds.SessionIdOf(tx.Id) ? p.Plan.Status.ToString() : null,
                l.ProfileProblem,
                tx is not null && silent);
        }).ToList();
        var link = upstream?.StateOf(cp.ChargePointId) is { } u
            ? new UpstreamLinkView(u.Connected, u.Since, u.QueuedMessages, u.LastError, u.Counters.CallErrors, u.Counters.InvalidPayloads, u.Counters.Timeouts, u.Counters.Dropped)
            : null;
        return new ChargePointView(cp.ChargePointId, site.Topology.GroupOf(cp.ChargePointId)?.Id, cp.CircuitId, state.Connected, state.LastSeenAt, problems, connectors, Upstream: link);
    }

    /// <summary>The stored requests as they are: the API names their state (enums as names), so no view is needed.</summary>
    public async Task<Page<ChargingRequestRecord>> RequestsAsync(PageRequest page, CancellationToken ct)
    {
        var (items, total) = await requests.ListPageAsync(page.Offset, page.Limit, ct);
        return new Page<ChargingRequestRecord>(items, page.Offset, page.Limit, total);
    }

    public async Task<Page<SlotPlanView>> SlotPlansAsync(string? groupId, DateTimeOffset from, DateTimeOffset to, PageRequest page, CancellationToken ct)
    {
        var all = await slotPlans.ListRangeAsync(groupId, from, to, latestRevisionOnly: false, ct);
        var items = all.Skip(page.Offset).Take(page.Limit)
            .Select(p => new SlotPlanView(p.Id, p.GroupId, p.SlotStart, p.Revision, p.AlgorithmVersion, p.InputSha256, p.OutputSha256, p.CreatedAt))
            .ToList();
        return new Page<SlotPlanView>(items, page.Offset, page.Limit, all.Count);
    }

    /// <summary>The group's day (UTC) for its chart; the archive holds the past, the plan in force the rest.</summary>
    public async Task<GroupDayView?> DayAsync(string groupId, DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        if (site.Topology.Groups.FirstOrDefault(g => g.Id == groupId) is not { } group)
        {
            return null;
        }

        var planned = new SortedDictionary<DateTimeOffset, double>();
        foreach (var record in await slotPlans.ListRangeAsync(groupId, from, to, latestRevisionOnly: true, ct))
        {
            if (FirstSlotLoad(record.OutputJson, groupId) is { } w)
            {
                planned[record.SlotStart] = w;
            }
        }

        if (plans.Get(groupId) is { } inForce && inForce.Plan.Circuits.FirstOrDefault(c => c.CircuitId == groupId) is { } root)
        {
            for (var i = 0; i < root.LoadW.Count; i++)
            {
                var at = inForce.Plan.SlotStart.AddSeconds((double)i * inForce.Plan.SlotSeconds);
                if (at >= from && at < to)
                {
                    planned[at] = root.LoadW[i];
                }
            }
        }

        return new GroupDayView(
            groupId, from, to, group.LimitW,
            [.. planned.Select(p => new PowerPoint(p.Key, p.Value))],
            [.. history.Measured(groupId).Where(p => p.At >= from && p.At < to)]);
    }

    private static double? FirstSlotLoad(string outputJson, string rootCircuitId)
    {
        try
        {
            using var doc = JsonDocument.Parse(outputJson);
            foreach (var circuit in doc.RootElement.GetProperty("circuits").EnumerateArray())
            {
                if (circuit.GetProperty("circuitId").GetString() == rootCircuitId)
                {
                    var load = circuit.GetProperty("loadW");
                    return load.GetArrayLength() > 0 ? load[0].GetDouble() : null;
                }
            }
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            // An archived plan that does not parse is shown as a gap in the chart, not as an error of the page.
        }

        return null;
    }
}
