using Microsoft.Data.Sqlite;

namespace OliMove.Storage;

/// <summary>
/// Charging requests and the decisions on them. Each transition checks the current state, so an illegal
/// move (e.g. accepting a cancelled request) throws and changes nothing; repeating the move that led to
/// the current state is a no-op, so a retried call is harmless.
/// </summary>
public sealed class ChargingRequestRepository
{
    private const string Columns = """
        id, user_id, charge_point_id, connector_id, transaction_id, opt_in, energy_requested_wh, departure_at,
        battery_capacity_wh, start_soc_percent, state, counter_offer_energy_wh, counter_offer_departure_at, created_at, updated_at
        """;

    private const string OpenStates = "('pending', 'accepted', 'counter_offered', 'active')";

    private readonly EdgeDatabase _db;

    public ChargingRequestRepository(EdgeDatabase db)
    {
        _db = db ?? throw new ArgumentNullException(nameof(db));
    }

    /// <summary>
    /// Files a request as Pending. Throws <see cref="ConnectorHasOpenRequestException"/> when the connector
    /// already has an open one, and <see cref="ArgumentException"/> for inconsistent values.
    /// </summary>
    public async Task<ChargingRequestRecord> CreateAsync(WriteScope scope, NewChargingRequest request, DateTimeOffset now, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        Validate(request, now);

        await using (var open = scope.CreateCommand($"""
            SELECT id FROM charging_requests WHERE charge_point_id = $cp AND connector_id = $connector AND state IN {OpenStates};
            """))
        {
            open.Parameters.AddWithValue("$cp", request.ChargePointId);
            open.Parameters.AddWithValue("$connector", request.ConnectorId);
            if (await open.ExecuteScalarAsync(ct) is long openId)
            {
                throw new ConnectorHasOpenRequestException(request.ChargePointId, request.ConnectorId, openId);
            }
        }

        await using var insert = scope.CreateCommand($"""
            INSERT INTO charging_requests (user_id, charge_point_id, connector_id, opt_in, energy_requested_wh, departure_at,
                battery_capacity_wh, start_soc_percent, state, created_at, updated_at)
            VALUES ($user, $cp, $connector, $optIn, $energy, $departure, $capacity, $soc, 'pending', $now, $now)
            RETURNING {Columns};
            """);
        insert.Parameters.AddWithValue("$user", request.UserId);
        insert.Parameters.AddWithValue("$cp", request.ChargePointId);
        insert.Parameters.AddWithValue("$connector", request.ConnectorId);
        insert.Parameters.AddWithValue("$optIn", request.OptIn ? 1 : 0);
        insert.Parameters.AddNullable("$energy", request.EnergyRequestedWh);
        insert.Parameters.AddWithValue("$departure", StoredTime.ToDb(request.Departure));
        insert.Parameters.AddNullable("$capacity", request.BatteryCapacityWh);
        insert.Parameters.AddNullable("$soc", request.StartSocPercent);
        insert.Parameters.AddWithValue("$now", StoredTime.ToDb(now));
        await using var r = await insert.ExecuteReaderAsync(ct);
        await r.ReadAsync(ct);
        return Read(r);
    }

    public Task<ChargingRequestRecord> CreateAsync(NewChargingRequest request, DateTimeOffset now, CancellationToken ct = default) =>
        _db.WriteAsync(scope => CreateAsync(scope, request, now, ct), ct);

    /// <summary>Pending → Accepted: the feasibility test says it can be met.</summary>
    public Task<ChargingRequestRecord> AcceptAsync(WriteScope scope, long requestId, DateTimeOffset now, CancellationToken ct = default) =>
        TransitionAsync(scope, requestId, [ChargingRequestState.Pending], ChargingRequestState.Accepted, now, "", _ => { }, ct);

    public Task<ChargingRequestRecord> AcceptAsync(long requestId, DateTimeOffset now, CancellationToken ct = default) =>
        _db.WriteAsync(scope => AcceptAsync(scope, requestId, now, ct), ct);

    /// <summary>Pending → CounterOffered, with the energy possible by the departure and/or the earliest departure for the energy.</summary>
    public Task<ChargingRequestRecord> CounterOfferAsync(WriteScope scope, long requestId, double? energyWh, DateTimeOffset? earliestDeparture, DateTimeOffset now, CancellationToken ct = default)
    {
        if (energyWh is null && earliestDeparture is null)
        {
            throw new ArgumentException("A counter-offer names an energy, an earliest departure, or both.");
        }

        if (energyWh is { } e && !(e >= 0 && double.IsFinite(e)))
        {
            throw new ArgumentOutOfRangeException(nameof(energyWh), energyWh, "A counter-offered energy is a finite number of Wh, 0 or more.");
        }

        return TransitionAsync(scope, requestId, [ChargingRequestState.Pending], ChargingRequestState.CounterOffered, now,
            ", counter_offer_energy_wh = $offerEnergy, counter_offer_departure_at = $offerDeparture", p =>
            {
                p.AddNullable("$offerEnergy", energyWh);
                p.AddWithValue("$offerDeparture", StoredTime.ToDb(earliestDeparture));
            }, ct);
    }

    public Task<ChargingRequestRecord> CounterOfferAsync(long requestId, double? energyWh, DateTimeOffset? earliestDeparture, DateTimeOffset now, CancellationToken ct = default) =>
        _db.WriteAsync(scope => CounterOfferAsync(scope, requestId, energyWh, earliestDeparture, now, ct), ct);

    /// <summary>
    /// Pending or CounterOffered → Pending with new terms (e.g. the user takes the counter-offer), so that
    /// admission runs again on them; the counter-offer is cleared.
    /// </summary>
    public Task<ChargingRequestRecord> ReviseAsync(WriteScope scope, long requestId, double energyWh, DateTimeOffset departure, DateTimeOffset now, CancellationToken ct = default)
    {
        if (!(energyWh > 0 && double.IsFinite(energyWh)))
        {
            throw new ArgumentOutOfRangeException(nameof(energyWh), energyWh, "The requested energy must be a positive number of Wh.");
        }

        if (departure <= now)
        {
            throw new ArgumentOutOfRangeException(nameof(departure), departure, "The departure must be in the future.");
        }

        return TransitionAsync(scope, requestId, [ChargingRequestState.Pending, ChargingRequestState.CounterOffered], ChargingRequestState.Pending, now,
            ", energy_requested_wh = $energy, departure_at = $departure, counter_offer_energy_wh = NULL, counter_offer_departure_at = NULL", p =>
            {
                p.AddWithValue("$energy", energyWh);
                p.AddWithValue("$departure", StoredTime.ToDb(departure));
            }, ct, revisionAllowedInPlace: true);
    }

    public Task<ChargingRequestRecord> ReviseAsync(long requestId, double energyWh, DateTimeOffset departure, DateTimeOffset now, CancellationToken ct = default) =>
        _db.WriteAsync(scope => ReviseAsync(scope, requestId, energyWh, departure, now, ct), ct);

    /// <summary>Pending or CounterOffered → Declined.</summary>
    public Task<ChargingRequestRecord> DeclineAsync(WriteScope scope, long requestId, DateTimeOffset now, CancellationToken ct = default) =>
        TransitionAsync(scope, requestId, [ChargingRequestState.Pending, ChargingRequestState.CounterOffered], ChargingRequestState.Declined, now, "", _ => { }, ct);

    public Task<ChargingRequestRecord> DeclineAsync(long requestId, DateTimeOffset now, CancellationToken ct = default) =>
        _db.WriteAsync(scope => DeclineAsync(scope, requestId, now, ct), ct);

    /// <summary>Accepted → Active once its OCPP transaction starts.</summary>
    public Task<ChargingRequestRecord> ActivateAsync(WriteScope scope, long requestId, long transactionId, DateTimeOffset now, CancellationToken ct = default) =>
        TransitionAsync(scope, requestId, [ChargingRequestState.Accepted], ChargingRequestState.Active, now,
            ", transaction_id = $tx", p => p.AddWithValue("$tx", transactionId), ct);

    public Task<ChargingRequestRecord> ActivateAsync(long requestId, long transactionId, DateTimeOffset now, CancellationToken ct = default) =>
        _db.WriteAsync(scope => ActivateAsync(scope, requestId, transactionId, now, ct), ct);

    /// <summary>Active → Completed when its transaction stops.</summary>
    public Task<ChargingRequestRecord> CompleteAsync(WriteScope scope, long requestId, DateTimeOffset now, CancellationToken ct = default) =>
        TransitionAsync(scope, requestId, [ChargingRequestState.Active], ChargingRequestState.Completed, now, "", _ => { }, ct);

    public Task<ChargingRequestRecord> CompleteAsync(long requestId, DateTimeOffset now, CancellationToken ct = default) =>
        _db.WriteAsync(scope => CompleteAsync(scope, requestId, now, ct), ct);

    /// <summary>Any open state → Cancelled (by the user, or because the EV left).</summary>
    public Task<ChargingRequestRecord> CancelAsync(WriteScope scope, long requestId, DateTimeOffset now, CancellationToken ct = default) =>
        TransitionAsync(scope, requestId,
            [ChargingRequestState.Pending, ChargingRequestState.Accepted, ChargingRequestState.CounterOffered, ChargingRequestState.Active],
            ChargingRequestState.Cancelled, now, "", _ => { }, ct);

    public Task<ChargingRequestRecord> CancelAsync(long requestId, DateTimeOffset now, CancellationToken ct = default) =>
        _db.WriteAsync(scope => CancelAsync(scope, requestId, now, ct), ct);

    public async Task<ChargingRequestRecord?> GetAsync(long requestId, CancellationToken ct = default) =>
        (await QueryAsync("WHERE id = $id", p => p.AddWithValue("$id", requestId), ct)).SingleOrDefault();

    /// <summary>The connector's open request (Pending, Accepted, CounterOffered or Active), or null.</summary>
    public async Task<ChargingRequestRecord?> GetOpenForConnectorAsync(string chargePointId, int connectorId, CancellationToken ct = default) =>
        (await QueryAsync($"WHERE charge_point_id = $cp AND connector_id = $connector AND state IN {OpenStates}", p =>
        {
            p.AddWithValue("$cp", chargePointId);
            p.AddWithValue("$connector", connectorId);
        }, ct)).SingleOrDefault();

    /// <summary>The request bound to an OCPP transaction, or null.</summary>
    public async Task<ChargingRequestRecord?> GetByTransactionAsync(long transactionId, CancellationToken ct = default) =>
        (await QueryAsync("WHERE transaction_id = $tx ORDER BY id DESC LIMIT 1", p => p.AddWithValue("$tx", transactionId), ct)).SingleOrDefault();

    /// <summary>All open requests, oldest first: the allocator's view of what users asked for.</summary>
    public Task<IReadOnlyList<ChargingRequestRecord>> ListOpenAsync(CancellationToken ct = default) =>
        QueryAsync($"WHERE state IN {OpenStates} ORDER BY created_at, id", _ => { }, ct);

    /// <summary>The user's latest requests, newest first.</summary>
    public Task<IReadOnlyList<ChargingRequestRecord>> ListByUserAsync(long userId, int max, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(max);
        return QueryAsync("WHERE user_id = $user ORDER BY created_at DESC, id DESC LIMIT $max", p =>
        {
            p.AddWithValue("$user", userId);
            p.AddWithValue("$max", max);
        }, ct);
    }

    /// <summary>How many requests the user has made in all (the total of their paged list).</summary>
    public Task<long> CountByUserAsync(long userId, CancellationToken ct = default) =>
        _db.ReadAsync(async connection =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT COUNT(*) FROM charging_requests WHERE user_id = $user;";
            command.Parameters.AddWithValue("$user", userId);
            return (long)(await command.ExecuteScalarAsync(ct))!;
        }, ct);

    /// <summary>One page of all requests, newest first, and the total count (for the API's paging).</summary>
    public async Task<(IReadOnlyList<ChargingRequestRecord> Items, long Total)> ListPageAsync(int offset, int limit, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        var items = await QueryAsync("ORDER BY created_at DESC, id DESC LIMIT $limit OFFSET $offset", p =>
        {
            p.AddWithValue("$limit", limit);
            p.AddWithValue("$offset", offset);
        }, ct);
        var total = await _db.ReadAsync(async connection =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT COUNT(*) FROM charging_requests;";
            return (long)(await command.ExecuteScalarAsync(ct))!;
        }, ct);
        return (items, total);
    }

    private static async Task<ChargingRequestRecord> TransitionAsync(
        WriteScope scope, long requestId, ChargingRequestState[] from, ChargingRequestState to, DateTimeOffset now,
        string extraAssignments, Action<SqliteParameterCollection> bind, CancellationToken ct, bool revisionAllowedInPlace = false)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var current = await ReadInScopeAsync(scope, requestId, ct)
            ?? throw new KeyNotFoundException($"Charging request {requestId} does not exist.");

        if (current.State == to && !revisionAllowedInPlace)
        {
            return current;
        }

        if (!from.Contains(current.State))
        {
            throw new InvalidOperationException(
                $"Charging request {requestId} is {current.State}; it cannot become {to} (allowed from {string.Join(" or ", from)}).");
        }

        await using var command = scope.CreateCommand($"""
            UPDATE charging_requests SET state = $to, updated_at = $now{extraAssignments}
            WHERE id = $id
            RETURNING {Columns};
            """);
        command.Parameters.AddWithValue("$id", requestId);
        command.Parameters.AddWithValue("$to", ChargingRequestStateText.ToDb(to));
        command.Parameters.AddWithValue("$now", StoredTime.ToDb(now));
        bind(command.Parameters);
        await using var r = await command.ExecuteReaderAsync(ct);
        await r.ReadAsync(ct);
        return Read(r);
    }

    private static async Task<ChargingRequestRecord?> ReadInScopeAsync(WriteScope scope, long requestId, CancellationToken ct)
    {
        await using var command = scope.CreateCommand($"SELECT {Columns} FROM charging_requests WHERE id = $id;");
        command.Parameters.AddWithValue("$id", requestId);
        await using var r = await command.ExecuteReaderAsync(ct);
        return await r.ReadAsync(ct) ? Read(r) : null;
    }

    private Task<IReadOnlyList<ChargingRequestRecord>> QueryAsync(string tail, Action<SqliteParameterCollection> bind, CancellationToken ct) =>
        _db.ReadAsync<IReadOnlyList<ChargingRequestRecord>>(async connection =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT {Columns} FROM charging_requests {tail};";
            bind(command.Parameters);
            var records = new List<ChargingRequestRecord>();
            await using var r = await command.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
            {
                records.Add(Read(r));
            }

            return records;
        }, ct);

    private static ChargingRequestRecord Read(SqliteDataReader r) => new(
        r.GetInt64(0), r.GetInt64(1), r.GetString(2), r.GetInt32(3), r.GetInt64OrNull(4), r.GetInt64(5) == 1,
        r.GetDoubleOrNull(6), r.GetTimeOrNull(7), r.GetDoubleOrNull(8), r.GetDoubleOrNull(9),
        ChargingRequestStateText.Parse(r.GetString(10)), r.GetDoubleOrNull(11), r.GetTimeOrNull(12), r.GetTime(13), r.GetTime(14));

    private static void Validate(NewChargingRequest request, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrWhiteSpace(request.ChargePointId);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(request.ConnectorId);
        if (request.OptIn && (request.EnergyRequestedWh is null || request.Departure is null))
        {
            throw new ArgumentException("An opted-in request needs the energy requested and the departure.", nameof(request));
        }

        if (request.EnergyRequestedWh is { } energy && !(energy > 0 && double.IsFinite(energy)))
        {
            throw new ArgumentException($"The requested energy must be a positive number of Wh, not {energy}.", nameof(request));
        }

        if (request.Departure is { } departure && departure <= now)
        {
            throw new ArgumentException($"The departure {departure:O} is not in the future.", nameof(request));
        }

        if (request.BatteryCapacityWh is { } capacity && !(capacity > 0 && double.IsFinite(capacity)))
        {
            throw new ArgumentException($"The battery capacity must be a positive number of Wh, not {capacity}.", nameof(request));
        }

        if (request.StartSocPercent is { } soc && !(soc >= 0 && soc <= 100))
        {
            throw new ArgumentException($"The state of charge must be between 0 and 100 %, not {soc}.", nameof(request));
        }
    }
}
