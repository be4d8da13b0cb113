using System.Globalization;
using OliMove.Edge.Api;
using OliMove.Edge.Configuration;
using OliMove.Edge.Hosting;
using OliMove.Edge.Planning;
using OliMove.Scheduling;
using OliMove.Storage;

namespace OliMove.Edge.Users;

/// <summary>
/// A user's charging requests: checked, stored, put through admission (AdmissionControl on the group's
/// snapshot), and answered with the promise or the counter-offers. Every state change that the allocator must
/// know asks for a re-plan of the request's group. Every check runs before anything is written, so a refused
/// request changes nothing.
/// </summary>
public sealed class ChargingRequestDesk(
    SiteState site,
    EdgeDatabase database,
    ChargingRequestRepository requests,
    TransactionRepository transactions,
    UserRepository users,
    SnapshotBuilder snapshots,
    ReplanSignal replans,
    EdgeOptions options,
    TimeProvider time,
    OliMove.Edge.Reservations.ReservationKeeper reservations)
{
    private const double MaxEnergyKWh = 200;

    /// <summary>How long the driver's answer waits for the charger to hold the connector (ReserveNow).</summary>
    private static readonly TimeSpan HoldAnswerWait = TimeSpan.FromSeconds(5);

    public async Task<IResult> CreateAsync(long userId, ChargingRequestBody body, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        if (site.Topology.FindChargePoint(body.ChargePointId) is null)
        {
            return ApiErrors.NotFound($"unknown charge point '{body.ChargePointId}': check the id on the charger's label");
        }

        if (site.Topology.FindConnector(body.ChargePointId, body.ConnectorId) is null)
        {
            return ApiErrors.NotFound($"charge point '{body.ChargePointId}' has no connector {body.ConnectorId}");
        }

        double? energyWh = null;
        double? batteryWh = body.BatteryCapacityKWh is { } b ? b * 1000 : null;
        if (body.BatteryCapacityKWh is { } capacity && !(capacity is > 0 and <= MaxEnergyKWh))
        {
            return ApiErrors.BadRequest($"batteryCapacityKWh must be above 0 and at most {MaxEnergyKWh}");
        }

        if (body.CurrentSocPercent is { } soc0 && !(soc0 is >= 0 and <= 100))
        {
            return ApiErrors.BadRequest("currentSocPercent must be from 0 to 100");
        }

        if (body.TargetSocPercent is { } target)
        {
            if (body.EnergyKWh is not null)
            {
                return ApiErrors.BadRequest("give either energyKWh or targetSocPercent, not both");
            }

            if (body.BatteryCapacityKWh is not { } cap || body.CurrentSocPercent is not { } current)
            {
                return ApiErrors.BadRequest("a target SoC needs batteryCapacityKWh and currentSocPercent");
            }

            if (!(target is > 0 and <= 100) || target <= current)
            {
                return ApiErrors.BadRequest($"targetSocPercent must be above the current {current.ToString(CultureInfo.InvariantCulture)} % and at most 100 %");
            }

            energyWh = cap * 1000 * (target - current) / 100;
        }
        else if (body.EnergyKWh is { } kwh)
        {
            if (!(kwh is > 0 and <= MaxEnergyKWh) || !double.IsFinite(kwh))
            {
                return ApiErrors.BadRequest($"energyKWh must be above 0 and at most {MaxEnergyKWh}");
            }

            energyWh = kwh * 1000;
            if (batteryWh is { } battery && energyWh > battery * (100 - (body.CurrentSocPercent ?? 0)) / 100)
            {
                return ApiErrors.BadRequest("that is more energy than the battery can take: lower the kWh");
            }
        }

        if (body.OptIn && (energyWh is null || body.Departure is null))
        {
            return ApiErrors.BadRequest("with opt-in, give a departure and either energyKWh or targetSocPercent");
        }

        if (body.Departure is { } departure && DepartureProblem(departure, now) is { } problem)
        {
            return ApiErrors.BadRequest(problem);
        }

        var active = await transactions.GetActiveAsync(body.ChargePointId, body.ConnectorId, ct);
        if (active is not null && !await SessionOwnership.MayMeetAsync(users, userId, active.IdTag, ct))
        {
            return ApiErrors.Conflict("this charge point is in use by another driver: pick another connector");
        }

        if (await requests.GetOpenForConnectorAsync(body.ChargePointId, body.ConnectorId, ct) is { } open)
        {
            return open.UserId == userId
                ? ApiErrors.Conflict($"you already have request {open.Id} on this connector: change or cancel it")
                : ApiErrors.Conflict("this charge point is in use by another driver: pick another connector");
        }

        ChargingRequestRecord created;
        try
        {
            created = await requests.CreateAsync(
                new NewChargingRequest(userId, body.ChargePointId, body.ConnectorId, body.OptIn, energyWh, body.Departure, batteryWh, body.CurrentSocPercent), now, ct);
        }
        catch (ConnectorHasOpenRequestException)
        {
            return ApiErrors.Conflict("this charge point is in use by another driver: pick another connector");
        }

        var answered = await AdmitAsync(created, active, ct);
        return Results.Created($"/api/v1/me/requests/{answered.Id}", AnswerWithHold(answered));
    }

    /// <summary>Takes one of the counter-offers: its energy by the departure, or the requested energy by its departure.</summary>
    public async Task<IResult> TakeOfferAsync(ChargingRequestRecord request, CounterOfferChoiceBody body, CancellationToken ct)
    {
        if (request.State != ChargingRequestState.CounterOffered)
        {
            return ApiErrors.Conflict("this request has no counter-offer to take");
        }

        var (energy, departure) = body.Take switch
        {
            "energy" when request.CounterOfferEnergyWh is > 0 => (request.CounterOfferEnergyWh.Value, request.Departure!.Value),
            "departure" when request.CounterOfferDeparture is { } d => (request.EnergyRequestedWh!.Value, d),
            "energy" or "departure" => (double.NaN, default(DateTimeOffset)),
            _ => (double.NegativeInfinity, default),
        };
        if (double.IsNegativeInfinity(energy))
        {
            return ApiErrors.BadRequest("take must be \"energy\" or \"departure\"");
        }

        if (double.IsNaN(energy))
        {
            return ApiErrors.Conflict($"this request has no {body.Take} offer");
        }

        if (departure <= time.GetUtcNow())
        {
            return ApiErrors.Conflict("the offered departure has passed: ask again");
        }

        var revised = await requests.ReviseAsync(request.Id, energy, departure, time.GetUtcNow(), ct);
        var active = await SessionOfAsync(request, ct);
        return Results.Ok(AnswerWithHold(await AdmitAsync(revised, active, ct)));
    }

    /// <summary>
    /// A new energy or departure. A pending or counter-offered request is revised and admitted again. An accepted
    /// or active one keeps its promise unless the new terms are admitted too: a refused change changes nothing
    /// and answers 409 with what could be promised instead.
    /// </summary>
    public async Task<IResult> ChangeAsync(ChargingRequestRecord request, RequestChangeBody body, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        if (!request.IsOpen)
        {
            return ApiErrors.Conflict($"this request is {request.State.ToString().ToLowerInvariant()}: make a new one");
        }

        if (!request.OptIn)
        {
            return ApiErrors.Conflict("this request charges without a guarantee: there is nothing to change");
        }

        if (body.EnergyKWh is null && body.Departure is null)
        {
            return ApiErrors.BadRequest("give energyKWh and/or departure");
        }

        if (body.EnergyKWh is { } kwh && (!(kwh is > 0 and <= MaxEnergyKWh) || !double.IsFinite(kwh)))
        {
            return ApiErrors.BadRequest($"energyKWh must be above 0 and at most {MaxEnergyKWh}");
        }

        if (body.Departure is { } d && DepartureProblem(d, now) is { } problem)
        {
            return ApiErrors.BadRequest(problem);
        }

        var energy = body.EnergyKWh is { } e ? e * 1000 : request.EnergyRequestedWh!.Value;
        var departure = body.Departure ?? request.Departure!.Value;
        var active = await SessionOfAsync(request, ct);
        if (request.State is ChargingRequestState.Pending or ChargingRequestState.CounterOffered)
        {
            var revised = await requests.ReviseAsync(request.Id, energy, departure, now, ct);
            return Results.Ok(AnswerWithHold(await AdmitAsync(revised, active, ct)));
        }

        var decision = await EvaluateAsync(request, active, energy, departure, ct);
        if (!decision.Accepted)
        {
            return Results.Json(
                new
                {
                    error = "the new terms cannot be guaranteed; your current promise stands",
                    offerEnergyKWh = decision.MaxEnergyWhByDeparture / 1000.0,
                    offerDeparture = decision.EarliestDepartureForEnergy,
                },
                statusCode: StatusCodes.Status409Conflict);
        }

        // The repository revises only pending requests (so admission runs on every change); an admitted change of
        // an accepted request is recorded as the same terms re-admitted: cancel and re-create in one transaction.
        var replaced = await database.WriteAsync(async scope =>
        {
            await requests.CancelAsync(scope, request.Id, now, ct);
            var next = await requests.CreateAsync(
                scope, new NewChargingRequest(request.UserId, request.ChargePointId, request.ConnectorId, true, energy, departure, request.BatteryCapacityWh, request.StartSocPercent), now, ct);
            next = await requests.AcceptAsync(scope, next.Id, now, ct);
            return active is not null ? await requests.ActivateAsync(scope, next.Id, active.Id, now, ct) : next;
        }, ct);
        Replan(replaced);
        await reservations.ReleaseAsync(request, ct);
        await reservations.HoldWithinAsync(replaced, HoldAnswerWait, ct);
        return Results.Ok(AnswerWithHold(replaced));
    }

    /// <summary>Declines the counter-offer: the car charges without a guarantee, as soon as possible.</summary>
    public async Task<IResult> DeclineAsync(ChargingRequestRecord request, CancellationToken ct)
    {
        if (request.State is not (ChargingRequestState.CounterOffered or ChargingRequestState.Pending))
        {
            return ApiErrors.Conflict("only a counter-offered request can be declined");
        }

        var declined = await requests.DeclineAsync(request.Id, time.GetUtcNow(), ct);
        Replan(declined);
        return Results.Ok(Answer(declined));
    }

    public async Task<IResult> CancelAsync(ChargingRequestRecord request, CancellationToken ct)
    {
        if (!request.IsOpen)
        {
            return ApiErrors.Conflict($"this request is already {request.State.ToString().ToLowerInvariant()}");
        }

        var cancelled = await requests.CancelAsync(request.Id, time.GetUtcNow(), ct);
        Replan(cancelled);
        await reservations.ReleaseAsync(cancelled, ct);
        return Results.Ok(Answer(cancelled));
    }

    /// <summary>The session running on the request's connector, if it may be the requester's (<see cref="SessionOwnership"/>).</summary>
    private async Task<TransactionRecord?> SessionOfAsync(ChargingRequestRecord request, CancellationToken ct) =>
        await transactions.GetActiveAsync(request.ChargePointId, request.ConnectorId, ct) is { } active
            && await SessionOwnership.MayMeetAsync(users, request.UserId, active.IdTag, ct)
            ? active
            : null;

    private string? DepartureProblem(DateTimeOffset departure, DateTimeOffset now)
    {
        if (departure <= now)
        {
            return "the departure is in the past: pick a later time";
        }

        var horizonEnd = SlotClock.SlotsAfter(now, options.Slots.HorizonSlots);
        return departure > horizonEnd ? $"the departure must be before {horizonEnd:yyyy-MM-dd HH:mm} UTC (the planning horizon)" : null;
    }

    private async Task<ChargingRequestRecord> AdmitAsync(ChargingRequestRecord request, TransactionRecord? active, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        if (!request.OptIn)
        {
            var accepted = await requests.AcceptAsync(request.Id, now, ct);
            accepted = active is not null ? await requests.ActivateAsync(accepted.Id, active.Id, now, ct) : accepted;
            Replan(accepted);
            await reservations.HoldWithinAsync(accepted, HoldAnswerWait, ct);
            return accepted;
        }

        var decision = await EvaluateAsync(request, active, request.EnergyRequestedWh!.Value, request.Departure!.Value, ct);
        if (decision.Accepted)
        {
            var accepted = await requests.AcceptAsync(request.Id, now, ct);
            accepted = active is not null ? await requests.ActivateAsync(accepted.Id, active.Id, now, ct) : accepted;
            Replan(accepted);
            await reservations.HoldWithinAsync(accepted, HoldAnswerWait, ct);
            return accepted;
        }

        // Admission found no offer at all (nothing fits by the departure and no departure within the horizon):
        // the counter-offer is "0 kWh", which the app shows as "only without a guarantee".
        return await requests.CounterOfferAsync(request.Id, decision.MaxEnergyWhByDeparture ?? 0, decision.EarliestDepartureForEnergy, now, ct);
    }

    private async Task<AdmissionDecision> EvaluateAsync(ChargingRequestRecord request, TransactionRecord? active, double energyWh, DateTimeOffset departure, CancellationToken ct)
    {
        var group = site.Topology.GroupOf(request.ChargePointId)!;
        var now = time.GetUtcNow();
        // The same start as the event re-plan that follows an acceptance (GroupPlanner: the event's second), so
        // admission never counts the elapsed part of the current slot that the plan will not have.
        var slotStart = SlotClock.EventPlanStart(now);
        var snapshot = await snapshots.BuildAsync(group, slotStart, options.Slots.HorizonSlots, ct);
        var energy = (long)Math.Ceiling(energyWh);
        var session = active is not null && snapshot.Sessions.FirstOrDefault(s => s.SessionId == PlanIds.SessionIdOf(active.Id)) is { } plugged
            ? plugged with { DeclaredDeparture = departure, EnergyRequestedWh = energy, OptedIn = true }
            : snapshots.ProspectiveSession(request.ChargePointId, request.ConnectorId, slotStart, departure, energy, 0);
        return AdmissionControl.Evaluate(snapshot, session);
    }

    private void Replan(ChargingRequestRecord request)
    {
        if (site.Topology.GroupOf(request.ChargePointId) is { } group)
        {
            replans.Request(group.Id);
        }
    }

    /// <summary>The answer with whether the charger holds the connector for the driver (decision 0170).</summary>
    private RequestAnswer AnswerWithHold(ChargingRequestRecord r) =>
        reservations.HoldOf(r.Id) is { } hold ? Answer(r) with { ConnectorHeld = hold.Held, ConnectorHoldNote = hold.Note } : Answer(r);

    public static RequestAnswer Answer(ChargingRequestRecord r)
    {
        var guaranteed = r.OptIn && r.State is ChargingRequestState.Accepted or ChargingRequestState.Active;
        var energyKWh = r.EnergyRequestedWh / 1000;
        var message = r.State switch
        {
            ChargingRequestState.Accepted or ChargingRequestState.Active when r.OptIn =>
                string.Create(CultureInfo.InvariantCulture, $"Guaranteed: {energyKWh:0.#} kWh by {r.Departure:HH:mm} UTC."),
            ChargingRequestState.Accepted or ChargingRequestState.Active =>
                "Charging as soon as possible, without a guarantee.",
            ChargingRequestState.CounterOffered when r.CounterOfferEnergyWh is > 0 || r.CounterOfferDeparture is not null =>
                "We cannot promise that. Pick one of the offers, or charge without a guarantee.",
            ChargingRequestState.CounterOffered => "Nothing can be guaranteed by then. You can still charge without a guarantee.",
            ChargingRequestState.Declined => "Charging as soon as possible, without a guarantee.",
            ChargingRequestState.Completed => "Finished.",
            ChargingRequestState.Cancelled => "Cancelled.",
            _ => "Checking…",
        };
        return new RequestAnswer(
            r.Id, r.ChargePointId, r.ConnectorId, r.OptIn, r.State.ToString(), guaranteed, energyKWh, r.Departure,
            r.BatteryCapacityWh / 1000, r.StartSocPercent, r.CounterOfferEnergyWh is > 0 ? r.CounterOfferEnergyWh / 1000 : null,
            r.CounterOfferDeparture, message, r.TransactionId);
    }
}
