using OliMove.Edge.Configuration;
using OliMove.Edge.Hosting;
using OliMove.Edge.Planning;
using OliMove.Edge.Users.Outcomes;
using OliMove.Scheduling;
using OliMove.Storage;

namespace OliMove.Edge.Users;

/// <summary>
/// A user's charging requests: checked, stored, put through admission (AdmissionControl on the group's
/// snapshot), and answered with the promise or the counter-offers. Every state change that the allocator must
/// know asks for a re-plan of the request's group. Every check runs before anything is written, so a refused
/// request changes nothing. It takes terms in Wh (the API's kWh are converted by <see cref="ChargingRequestParser"/>)
/// and answers a <see cref="DeskOutcome{T}"/>; the endpoints map that to HTTP.
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
    /// <summary>How long the driver's answer waits for the charger to hold the connector (ReserveNow).</summary>
    private static readonly TimeSpan HoldAnswerWait = TimeSpan.FromSeconds(5);

    private const string InUseByAnother = "this charge point is in use by another driver: pick another connector";

    public async Task<DeskOutcome<RequestWithHold>> CreateAsync(NewChargingRequest terms, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        if (site.Topology.FindChargePoint(terms.ChargePointId) is null)
        {
            return new NotFound($"unknown charge point '{terms.ChargePointId}': check the id on the charger's label");
        }

        if (site.Topology.FindConnector(terms.ChargePointId, terms.ConnectorId) is null)
        {
            return new NotFound($"charge point '{terms.ChargePointId}' has no connector {terms.ConnectorId}");
        }

        if (terms.Departure is { } departure && DepartureProblem(departure, now) is { } problem)
        {
            return problem;
        }

        var active = await transactions.GetActiveAsync(terms.ChargePointId, terms.ConnectorId, ct);
        if (active is not null && !await SessionOwnership.MayMeetAsync(users, terms.UserId, active.IdTag, ct))
        {
            return new Conflict(InUseByAnother);
        }

        if (await requests.GetOpenForConnectorAsync(terms.ChargePointId, terms.ConnectorId, ct) is { } open)
        {
            return new Conflict(open.UserId == terms.UserId ? $"you already have request {open.Id} on this connector: change or cancel it" : InUseByAnother);
        }

        ChargingRequestRecord created;
        try
        {
            created = await requests.CreateAsync(terms, now, ct);
        }
        catch (ConnectorHasOpenRequestException)
        {
            return new Conflict(InUseByAnother);
        }

        return WithHold(await AdmitAsync(created, active, ct));
    }

    /// <summary>Takes one of the counter-offers: its energy by the departure, or the requested energy by its departure.</summary>
    public async Task<DeskOutcome<RequestWithHold>> TakeOfferAsync(ChargingRequestRecord request, CounterOfferChoice choice, CancellationToken ct)
    {
        if (request.State != ChargingRequestState.CounterOffered)
        {
            return new Conflict("this request has no counter-offer to take");
        }

        (double Energy, DateTimeOffset Departure)? offer = choice switch
        {
            CounterOfferChoice.Energy when request.CounterOfferEnergyWh is > 0 => (request.CounterOfferEnergyWh.Value, request.Departure!.Value),
            CounterOfferChoice.Departure when request.CounterOfferDeparture is { } d => (request.EnergyRequestedWh!.Value, d),
            _ => null,
        };
        if (offer is not { } taken)
        {
            return new Conflict($"this request has no {choice.ToString().ToLowerInvariant()} offer");
        }

        if (taken.Departure <= time.GetUtcNow())
        {
            return new Conflict("the offered departure has passed: ask again");
        }

        var revised = await requests.ReviseAsync(request.Id, taken.Energy, taken.Departure, time.GetUtcNow(), ct);
        var active = await SessionOfAsync(request, ct);
        return WithHold(await AdmitAsync(revised, active, ct));
    }

    /// <summary>
    /// A new energy or departure. A pending or counter-offered request is revised and admitted again. An accepted
    /// or active one keeps its promise unless the new terms are admitted too: a refused change changes nothing
    /// and fails with what could be promised instead (<see cref="RefusedByAdmission"/>).
    /// </summary>
    public async Task<DeskOutcome<RequestWithHold>> ChangeAsync(ChargingRequestRecord request, RequestChange change, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        if (!request.IsOpen)
        {
            return new Conflict($"this request is {request.State.ToString().ToLowerInvariant()}: make a new one");
        }

        if (!request.OptIn)
        {
            return new Conflict("this request charges without a guarantee: there is nothing to change");
        }

        if (change.Departure is { } d && DepartureProblem(d, now) is { } problem)
        {
            return problem;
        }

        var energy = change.EnergyWh ?? request.EnergyRequestedWh!.Value;
        var departure = change.Departure ?? request.Departure!.Value;
        var active = await SessionOfAsync(request, ct);
        if (request.State is ChargingRequestState.Pending or ChargingRequestState.CounterOffered)
        {
            var revised = await requests.ReviseAsync(request.Id, energy, departure, now, ct);
            return WithHold(await AdmitAsync(revised, active, ct));
        }

        var decision = await EvaluateAsync(request, active, energy, departure, ct);
        if (!decision.Accepted)
        {
            return new RefusedByAdmission(
                "the new terms cannot be guaranteed; your current promise stands", decision.Reason, decision.MaxEnergyWhByDeparture, decision.EarliestDepartureForEnergy);
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
        return WithHold(replaced);
    }

    /// <summary>Declines the counter-offer: the car charges without a guarantee, as soon as possible.</summary>
    public async Task<DeskOutcome<RequestWithHold>> DeclineAsync(ChargingRequestRecord request, CancellationToken ct)
    {
        if (request.State is not (ChargingRequestState.CounterOffered or ChargingRequestState.Pending))
        {
            return new Conflict("only a counter-offered request can be declined");
        }

        var declined = await requests.DeclineAsync(request.Id, time.GetUtcNow(), ct);
        Replan(declined);
        return new RequestWithHold(declined, null);
    }

    public async Task<DeskOutcome<RequestWithHold>> CancelAsync(ChargingRequestRecord request, CancellationToken ct)
    {
        if (!request.IsOpen)
        {
            return new Conflict($"this request is already {request.State.ToString().ToLowerInvariant()}");
        }

        var cancelled = await requests.CancelAsync(request.Id, time.GetUtcNow(), ct);
        Replan(cancelled);
        await reservations.ReleaseAsync(cancelled, ct);
        return new RequestWithHold(cancelled, null);
    }

    /// <summary>The session running on the request's connector, if it may be the requester's (<see cref="SessionOwnership"/>).</summary>
    private async Task<TransactionRecord?> SessionOfAsync(ChargingRequestRecord request, CancellationToken ct) =>
        await transactions.GetActiveAsync(request.ChargePointId, request.ConnectorId, ct) is { } active
            && await SessionOwnership.MayMeetAsync(users, request.UserId, active.IdTag, ct)
            ? active
            : null;

    private InvalidInput? DepartureProblem(DateTimeOffset departure, DateTimeOffset now)
    {
        if (departure <= now)
        {
            return new InvalidInput("departure", "the departure is in the past: pick a later time");
        }

        var horizonEnd = SlotClock.SlotsAfter(now, options.Slots.HorizonSlots);
        return departure > horizonEnd ? new InvalidInput("departure", $"the departure must be before {horizonEnd:yyyy-MM-dd HH:mm} UTC (the planning horizon)") : null;
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
        // Only battery energy above the reserve, front-loaded, backs an admission (decision 0266).
        return AdmissionControl.Evaluate(OliMove.Scheduling.Batteries.BatteryAllocator.GuaranteedSnapshot(snapshot), session);
    }

    private void Replan(ChargingRequestRecord request)
    {
        if (site.Topology.GroupOf(request.ChargePointId) is { } group)
        {
            replans.Request(group.Id);
        }
    }

    /// <summary>The request and whether the charger holds its connector for the driver (decision 0170).</summary>
    private RequestWithHold WithHold(ChargingRequestRecord r) => new(r, reservations.HoldOf(r.Id));
}
