using System.Globalization;
using System.Numerics;
using OliMove.Edge.Api;
using OliMove.Edge.Api.Views;
using OliMove.Edge.Live;
using OliMove.Edge.Planning;
using OliMove.Edge.Prices;
using OliMove.Scheduling;
using OliMove.Storage;

namespace OliMove.Edge.Users;

/// <summary>Reads one user's sessions: live progress and receipts. Never reads another user's data.</summary>
public sealed class MySessionsReader(
    OliMove.Edge.Hosting.SiteState site,
    LiveSiteState live,
    PlanBoard plans,
    UserRepository users,
    ChargingRequestRepository requests,
    TransactionRepository transactions,
    SessionSettlementRepository settlements,
    TimeProvider time,
    OliMove.Edge.Reservations.ReservationKeeper reservations,
    SessionEnergyCost energyCost,
    ChainOutboxRepository outbox,
    OliMove.Edge.ChainLink.ChainRuntime chain)
{
    private static readonly BigInteger BaseUnitsPerToken = BigInteger.Pow(10, 18);

    public async Task<ProgressView> ProgressAsync(ChargingRequestRecord request, CancellationToken ct)
    {
        var answer = RequestAnswer.Of(request, request.State == ChargingRequestState.Accepted ? reservations.HoldOf(request.Id) : null);

        var connector = live.Connector(request.ChargePointId, request.ConnectorId);
        TransactionRecord? tx = request.TransactionId is { } id ? await transactions.GetAsync(id, ct) : null;
        if (tx is null && request.IsOpen)
        {
            var active = await transactions.GetActiveAsync(request.ChargePointId, request.ConnectorId, ct);
            tx = active is not null && await SessionOwnership.MayMeetAsync(users, request.UserId, active.IdTag, ct) ? active : null;
        }
        else if (tx is null && request.State == ChargingRequestState.Declined)
        {
            // A declined request is not bound to a transaction; the car still charges, under the user's own idTag.
            var active = await transactions.GetActiveAsync(request.ChargePointId, request.ConnectorId, ct);
            var tags = await users.ListIdTagsAsync(request.UserId, ct);
            tx = active is not null && tags.Contains(active.IdTag, StringComparer.OrdinalIgnoreCase) ? active : null;
        }

        var running = tx is { IsActive: true } && connector.TransactionId == tx.Id;
        double? addedWh = tx switch
        {
            { MeterStopWh: { } stop } => stop - tx.MeterStartWh,
            not null when running && connector.EnergyRegisterWh is { } register => Math.Max(0, register - tx.MeterStartWh),
            not null => 0,
            _ => null,
        };
        double? soc = running ? connector.SocPercent : null;
        var estimated = false;
        if (soc is null && addedWh is { } added && request.BatteryCapacityWh is { } battery && request.StartSocPercent is { } start)
        {
            soc = Math.Min(100, start + (100 * added / battery));
            estimated = true;
        }

        var plan = new List<PowerPoint>();
        PlanCostView? cost = null;
        string? planStatus = null;
        DateTimeOffset? finish = null;
        if (running && plans.Session(PlanIds.ConnectorKey(request.ChargePointId, request.ConnectorId)) is { } planned
            && planned.Plan.SessionId == PlanIds.SessionIdOf(tx!.Id)
            && site.Topology.GroupOf(request.ChargePointId) is { } group
            && plans.Get(group.Id) is { } inForce)
        {
            for (var i = 0; i < planned.Plan.PowerW.Count; i++)
            {
                plan.Add(new PowerPoint(inForce.Plan.SlotStart.AddSeconds((double)i * inForce.Plan.SlotSeconds), planned.Plan.PowerW[i]));
            }

            planStatus = planned.Plan.Status.ToString();
            cost = await PlanCostAsync(inForce, planned.Snapshot, planned.Plan, tx, ct);
            var last = plan.FindLastIndex(p => p.W > 0);
            finish = last >= 0 ? plan[last].At.AddSeconds(inForce.Plan.SlotSeconds) : null;
            if (request.Departure is { } departure && finish > departure)
            {
                finish = departure;
            }
        }

        bool? onTrack = planStatus is null ? null : planStatus is nameof(SessionStatus.OnTrack);
        var message = (running, planStatus, answer.Guaranteed) switch
        {
            (false, _, _) when tx is { IsActive: false } => "Charging has ended.",
            (false, _, _) => "Plug in your car: charging starts when the charger reports it.",
            (true, nameof(SessionStatus.OnTrack), true) => "On track: your car will have its energy by your departure.",
            (true, nameof(SessionStatus.OnTrack), false) => "Charging as soon as possible.",
            (true, nameof(SessionStatus.LimitedByVehicle), _) => "Your car takes less power than planned, so it may get less than asked.",
            (true, nameof(SessionStatus.NotGuaranteed), _) => "Behind plan: the site has less power than forecast. We are catching up where we can.",
            (true, nameof(SessionStatus.BestEffortShort), _) => "Charging without a guarantee: it may not reach your target by your departure.",
            _ => "Waiting for the next plan (within a minute).",
        };
        return new ProgressView(answer, connector.Status, running, addedWh / 1000, soc is { } s ? Math.Round(s, 1) : null, estimated,
            running ? connector.MeasuredW : null, plan, planStatus, onTrack, message, finish, cost);
    }

    /// <summary>
    /// The charge's expected cost: the energy metered so far at the slot prices paid, plus what is still planned at
    /// its slots' prices; and the same with the planned energy charged at once instead. Null without import prices.
    /// </summary>
    private async Task<PlanCostView?> PlanCostAsync(PlanInForce inForce, SessionSnapshot session, SessionPlan sessionPlan, TransactionRecord tx, CancellationToken ct)
    {
        if (SessionEnergyCost.OfPlan(inForce, session, sessionPlan) is not { } planned)
        {
            return null;
        }

        var soFar = (await energyCost.OfTransactionAsync(tx, ct))?.Cost ?? 0m;
        var expected = soFar + Math.Round(planned.PlannedMicros / 1_000_000m, 2);
        var atOnce = soFar + Math.Round(planned.AtOnceMicros / 1_000_000m, 2);
        return new PlanCostView(energyCost.Currency, soFar, expected, atOnce, atOnce - expected, planned.PlannedWh / 1000.0);
    }

    /// <summary>The user's sessions, newest first: those of their idTags and those their requests were bound to.</summary>
    public async Task<Page<ReceiptView>> ReceiptsAsync(long userId, PageRequest page, CancellationToken ct)
    {
        var byId = new Dictionary<long, TransactionRecord>();
        foreach (var tag in await users.ListIdTagsAsync(userId, ct))
        {
            foreach (var tx in await transactions.ListByIdTagAsync(tag, 500, ct))
            {
                byId[tx.Id] = tx;
            }
        }

        foreach (var r in await requests.ListByUserAsync(userId, 500, ct))
        {
            if (r.TransactionId is { } id && !byId.ContainsKey(id) && await transactions.GetAsync(id, ct) is { } tx)
            {
                byId[id] = tx;
            }
        }

        var ordered = byId.Values.OrderByDescending(t => t.StartedAt).ThenByDescending(t => t.Id).ToList();
        var items = new List<ReceiptView>();
        foreach (var tx in ordered.Skip(page.Offset).Take(page.Limit))
        {
            items.Add(await ReceiptAsync(tx, ct));
        }

        return new Page<ReceiptView>(items, page.Offset, page.Limit, ordered.Count);
    }

    private async Task<ReceiptView> ReceiptAsync(TransactionRecord tx, CancellationToken ct)
    {
        var s = await settlements.GetAsync(tx.Id, ct);
        var duration = (tx.StoppedAt ?? time.GetUtcNow()) - tx.StartedAt;
        var ci = CultureInfo.InvariantCulture;
        string? tokens = s is null ? null : TokensText(s.TokensBaseUnits);
        // Tokens settled while the account had no eWallet are minted when it gets one (decision 0393); until then the
        // receipt says so rather than that they were earned into a wallet that does not exist.
        var awaitingWallet = s is { FlexibilityKWhH: > 0 } && s.TokensBaseUnits > 0 && chain.Configured
            && (await outbox.GetByKeysAsync([Sessions.SessionSettler.ChainKey(tx.Id)], ct)).Count == 0;
        var sentence = s switch
        {
            null when tx.IsActive => "Still charging.",
            null => "Being settled…",
            { FlexibilityKWhH: > 0 } when awaitingWallet => string.Create(ci, $"You let us move {s.EnergyWh / 1000:0.#} kWh of charging within your time at the charger: {s.FlexibilityKWhH:0.##} kWh·h of flexibility, which earns you {tokens} tokens. They wait for your account's eWallet: it is made when your card is confirmed at one of our chargers or by the site's operator."),
            { FlexibilityKWhH: > 0 } => string.Create(ci, $"You let us move {s.EnergyWh / 1000:0.#} kWh of charging within your time at the charger: {s.FlexibilityKWhH:0.##} kWh·h of flexibility, which earned you {tokens} tokens."),
            _ => "You charged without giving flexibility (no guarantee asked, or no spare time before departure), so no tokens this time.",
        };
        return new ReceiptView(
            tx.Id, tx.ChargePointId, tx.ConnectorId, tx.StartedAt, tx.StoppedAt, Math.Round(duration.TotalMinutes, 1),
            s is not null ? s.EnergyWh / 1000 : tx.MeterStopWh is { } stop ? (stop - tx.MeterStartWh) / 1000.0 : null,
            s is not null, s?.BillMinorUnits, s?.Currency,
            s is null ? null : string.Create(ci, $"{s.BillMinorUnits / 100m:0.00} {s.Currency}"),
            s?.FlexibilityKWhH, sentence, tokens,
            // Exact, as the chain mints it (10^-18 token units); `tokens` is its rounded display.
            s?.TokensBaseUnits.ToString(ci),
            await energyCost.OfTransactionAsync(tx, ct) is { PricedKWh: > 0 } priced ? priced : null);
    }

    public static string TokensText(BigInteger baseUnits)
    {
        // 18 decimals: show whole tokens with up to 4 decimals, computed exactly before the final rounding.
        var tenThousandths = baseUnits * 10_000 / BaseUnitsPerToken;
        return ((decimal)tenThousandths / 10_000m).ToString("0.####", CultureInfo.InvariantCulture);
    }
}
