using System.Collections.Concurrent;
using OliMove.Edge.Configuration;
using OliMove.Ocpp.CentralSystem;
using OliMove.Ocpp.Messages;
using OliMove.Ocpp.Routing;
using OliMove.Ocpp.Rpc;
using OliMove.Storage;

namespace OliMove.Edge.Reservations;

/// <summary>
/// Holds the connector of an accepted request for its driver's idTag with ReserveNow (OCPP 1.6 §5.13), from the
/// request until <see cref="ReservationOptions.GraceMinutes"/> after the expected arrival (never past the
/// departure), and lets it go with CancelReservation (§5.3) when the request is cancelled or replaced. The
/// reservationId is the request's id, so the reservation is derived from the request that SQLite already keeps:
/// after a restart or a reconnect the same ReserveNow is sent again and replaces what the charger holds (§5.13:
/// same reservationId, replaced), no table of its own (decision 0170). A charger that does not take reservations
/// (no Reservation profile: a NotSupported/NotImplemented CALLERROR) leaves the request bound to the idTag only.
/// </summary>
public sealed class ReservationKeeper(
    ChargePointConnectionRegistry connections,
    UserRepository users,
    IdTagClaimRepository claims,
    EdgeOptions options,
    TimeProvider time,
    ILogger<ReservationKeeper> logger)
{
    private const string NoReservationProfile = "The connector is not held: this charger cannot reserve. It starts for your card only.";

    private readonly ConcurrentDictionary<long, ConnectorHold> _holds = new();
    private readonly ConcurrentDictionary<string, bool> _canReserve = new(StringComparer.Ordinal);

    /// <summary>What the charger reported at boot in SupportedFeatureProfiles (OCPP 1.6 §9.1.36); null: not reported.</summary>
    public void LearnFeatures(string chargePointId, IReadOnlyList<string>? featureProfiles)
    {
        if (featureProfiles is null)
        {
            _canReserve.TryRemove(chargePointId, out _);
        }
        else
        {
            _canReserve[chargePointId] = featureProfiles.Contains("Reservation", StringComparer.OrdinalIgnoreCase);
        }
    }

    public ConnectorHold? HoldOf(long requestId) => _holds.GetValueOrDefault(requestId);

    /// <summary>When the hold of <paramref name="request"/> ends: the grace after its acceptance, capped at its departure.</summary>
    public DateTimeOffset ExpiryOf(ChargingRequestRecord request)
    {
        var graceEnd = request.UpdatedAt.AddMinutes(options.Reservations.GraceMinutes);
        return request.Departure is { } departure && departure < graceEnd ? departure : graceEnd;
    }

    /// <summary>
    /// <see cref="HoldAsync"/> for a driver waiting on the answer: waits at most <paramref name="wait"/> for the
    /// charger (a slow or silent one must not hang the app); the hold goes on and <see cref="HoldOf"/> has it later.
    /// </summary>
    public async Task HoldWithinAsync(ChargingRequestRecord request, TimeSpan wait, CancellationToken ct)
    {
        var hold = HoldAsync(request, CancellationToken.None);
        _ = hold.ContinueWith(
            t => logger.LogError(t.Exception, "Holding the connector of request {Request} failed", request.Id),
            CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        await Task.WhenAny(hold, Task.Delay(wait, time, ct));
    }

    /// <summary>Reserves the connector of an accepted request whose car is not plugged in yet; returns what holds.</summary>
    public async Task<ConnectorHold?> HoldAsync(ChargingRequestRecord request, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var expiry = ExpiryOf(request);
        if (request.State != ChargingRequestState.Accepted || request.TransactionId is not null || expiry <= now)
        {
            _holds.TryRemove(request.Id, out _);
            return null;
        }

        // A bound card, else the card the driver claimed and is on the way to present: the hold lets only that card
        // start here, and presenting it is what binds it (decision 0241), so a new driver is not left without a hold.
        var idTag = (await users.ListIdTagsAsync(request.UserId, ct)).FirstOrDefault()
            ?? (await claims.ListOpenForUserAsync(request.UserId, now, ct)).FirstOrDefault()?.IdTag;
        var reservationId = checked((int)request.Id);
        ConnectorHold Hold(bool held, string note) =>
            new(request.Id, request.ChargePointId, request.ConnectorId, idTag, reservationId, held, held ? expiry : null, note);
        ConnectorHold hold;
        if (idTag is null)
        {
            hold = Hold(false, "The connector is not held: your account has no charging card (idTag).");
        }
        else if (_canReserve.TryGetValue(request.ChargePointId, out var canReserve) && !canReserve)
        {
            hold = Hold(false, NoReservationProfile);
        }
        else if (!connections.TryGet(request.ChargePointId, out var client))
        {
            hold = Hold(false, "The connector is not held yet: the charger is offline. It is held as soon as it is back.");
        }
        else
        {
            try
            {
                var answer = await client.ReserveNowAsync(
                    new ReserveNowRequest { ConnectorId = request.ConnectorId, ExpiryDate = expiry, IdTag = idTag, ReservationId = reservationId }, ct);
                hold = answer.Status == ReservationStatus.Accepted
                    ? Hold(true, $"The connector is held for you until {expiry:HH:mm} UTC.")
                    : Hold(false, $"The connector is not held: the charger answered {answer.Status}. It starts for your card only.");
            }
            catch (OcppCallErrorException e) when (e.ErrorCode is "NotSupported" or "NotImplemented")
            {
                hold = Hold(false, NoReservationProfile);
            }
            catch (Exception e) when (e is OcppCallTimeoutException or OcppConnectionClosedException or OcppCallErrorException)
            {
                hold = Hold(false, "The connector is not held yet: the charger did not answer. It is asked again when it reconnects.");
            }
        }

        _holds[request.Id] = hold;
        if (!hold.Held)
        {
            logger.LogInformation("Request {Request} at {ChargePoint}/{Connector}: {Note}", request.Id, request.ChargePointId, request.ConnectorId, hold.Note);
        }

        return hold;
    }

    /// <summary>Lets go of the request's connector (the request was cancelled, replaced or ended).</summary>
    public async Task ReleaseAsync(ChargingRequestRecord request, CancellationToken ct)
    {
        if (_holds.TryRemove(request.Id, out var hold) && hold.Held && hold.Until > time.GetUtcNow())
        {
            await CancelAsync(hold, ct);
        }
    }

    /// <summary>
    /// A transaction started. A start on the held connector with its idTag or reservationId used the reservation
    /// (the charger ended it itself, §5.13); the same driver starting elsewhere frees the held connector.
    /// </summary>
    public async Task ArrivedAsync(string chargePointId, int connectorId, string idTag, int? reservationId, CancellationToken ct)
    {
        foreach (var hold in _holds.Values.Where(h => h.ReservationId == reservationId || string.Equals(h.IdTag, idTag, StringComparison.OrdinalIgnoreCase)).ToList())
        {
            _holds.TryRemove(hold.RequestId, out _);
            var here = hold.ChargePointId == chargePointId && hold.ConnectorId == connectorId;
            if (hold.Held && !here && hold.Until > time.GetUtcNow())
            {
                await CancelAsync(hold, ct);
            }
        }
    }

    private async Task CancelAsync(ConnectorHold hold, CancellationToken ct)
    {
        if (!connections.TryGet(hold.ChargePointId, out var client))
        {
            return; // the charger lets it lapse at its expiry; nothing re-sends it after a reconnect
        }

        try
        {
            var answer = await client.CancelReservationAsync(new CancelReservationRequest { ReservationId = hold.ReservationId }, ct);
            logger.LogInformation("CancelReservation {Reservation} at {ChargePoint}: {Status}", hold.ReservationId, hold.ChargePointId, answer.Status);
        }
        catch (Exception e) when (e is OcppCallTimeoutException or OcppConnectionClosedException or OcppCallErrorException)
        {
            logger.LogWarning("CancelReservation {Reservation} at {ChargePoint} failed: {Problem}; it lapses at {Until}", hold.ReservationId, hold.ChargePointId, e.Message, hold.Until);
        }
    }
}
