using Microsoft.Data.Sqlite;
using OliMove.SiteMap.Model;
using OliMove.SiteMap.Topology;

namespace OliMove.Storage;

/// <summary>
/// Registered charge points and their connectors: the site map's definition (what the allocator needs)
/// and what each charge point reported (BootNotification, StatusNotification, configuration).
/// </summary>
public sealed class ChargePointRepository
{
    private const string ChargePointColumns = """
        id, group_id, circuit_id, evse_id, authorization_key_hash,
        vendor, model, serial_number, firmware_version, boot_status, booted_at,
        last_seen_at, status, error_code, status_at,
        allowed_charging_rate_units, max_schedule_periods, max_stack_level, max_profiles_installed, retired_at
        """;

    private const string ConnectorColumns = """
        charge_point_id, connector_id, status, error_code, status_at, retired_at
        """;

    private readonly EdgeDatabase _db;
    private readonly ChargePointCache _cache;

    public ChargePointRepository(EdgeDatabase db)
    {
        _db = db ?? throw new ArgumentNullException(nameof(db));
        _cache = db.ChargePoints;
    }

    /// <summary>
    /// Makes the registry match the site map read at start: new charge points and connectors are added,
    /// existing ones take the map's values, and those no longer in the map are marked retired (never
    /// deleted: their transactions and meter values still point at them). What a charge point reported
    /// is kept. A charge point's group is its charging group (root circuit) and its EVSE id its first
    /// connector's. Invalid definitions throw <see cref="ArgumentException"/> before anything is written.
    /// </summary>
    public async Task<SiteMapSyncResult> SyncFromSiteMapAsync(WriteScope scope, SiteTopology site, DateTimeOffset now, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(site);
        var chargePoints = site.Groups.SelectMany(g => g.ChargePoints.Select(cp => (GroupId: g.Id, ChargePoint: cp))).ToList();
        Validate(chargePoints);

        var known = new Dictionary<string, bool>(StringComparer.Ordinal); // id -> retired
        await using (var command = scope.CreateCommand("SELECT id, retired_at IS NOT NULL FROM charge_points;"))
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                known[reader.GetString(0)] = reader.GetBoolean(1);
            }
        }

        var added = new List<string>();
        var restored = new List<string>();
        var nowDb = StoredTime.ToDb(now);
        foreach (var (groupId, cp) in chargePoints)
        {
            if (!known.TryGetValue(cp.ChargePointId, out var wasRetired))
            {
                added.Add(cp.ChargePointId);
            }
            else if (wasRetired)
            {
                restored.Add(cp.ChargePointId);
            }

            await using (var command = scope.CreateCommand("""
                INSERT INTO charge_points (id, group_id, circuit_id, evse_id, authorization_key_hash, updated_at)
                VALUES ($id, $group, $circuit, $evse, $key, $now)
                ON CONFLICT (id) DO UPDATE SET
                    group_id = excluded.group_id, circuit_id = excluded.circuit_id, evse_id = excluded.evse_id,
                    authorization_key_hash = excluded.authorization_key_hash, retired_at = NULL, updated_at = excluded.updated_at;
                """))
            {
                command.Parameters.AddWithValue("$id", cp.ChargePointId);
                command.Parameters.AddWithValue("$group", groupId);
                command.Parameters.AddWithValue("$circuit", cp.CircuitId);
                command.Parameters.AddNullable("$evse", cp.Connectors.FirstOrDefault()?.EvseId);
                command.Parameters.AddNullable("$key", cp.AuthorizationKeyHash);
                command.Parameters.AddWithValue("$now", nowDb);
                await command.ExecuteNonQueryAsync(ct);
            }

            foreach (var connector in cp.Connectors)
            {
                await using var command = scope.CreateCommand("""
                    INSERT INTO connectors (charge_point_id, connector_id, connection_type, phases, phase,
                        min_current_a, max_current_a, rated_power_w, charging_rate_unit)
                    VALUES ($cp, $connector, $type, $phases, $phase, $min, $max, $rated, $unit)
                    ON CONFLICT (charge_point_id, connector_id) DO UPDATE SET
                        connection_type = excluded.connection_type, phases = excluded.phases, phase = excluded.phase,
                        min_current_a = excluded.min_current_a, max_current_a = excluded.max_current_a,
                        rated_power_w = excluded.rated_power_w, charging_rate_unit = excluded.charging_rate_unit,
                        retired_at = NULL;
                    """);
                command.Parameters.AddWithValue("$cp", cp.ChargePointId);
                command.Parameters.AddWithValue("$connector", connector.ConnectorId);
                command.Parameters.AddWithValue("$type", connector.ConnectionType.ToString());
                command.Parameters.AddWithValue("$phases", connector.Phases);
                command.Parameters.AddNullable("$phase", connector.Phase?.ToString());
                command.Parameters.AddWithValue("$min", connector.MinCurrentA);
                command.Parameters.AddWithValue("$max", connector.MaxCurrentA);
                command.Parameters.AddWithValue("$rated", connector.RatedPowerW);
                // The schema keeps the unit per connector; the site map sets it per charge point.
                command.Parameters.AddWithValue("$unit", cp.ChargingRateUnit.ToString());
                await command.ExecuteNonQueryAsync(ct);
            }

            await using (var command = scope.CreateCommand($"""
                UPDATE connectors SET retired_at = $now
                WHERE charge_point_id = $cp AND retired_at IS NULL AND connector_id NOT IN ({string.Join(", ", cp.Connectors.Select(c => c.ConnectorId))});
                """))
            {
                command.Parameters.AddWithValue("$cp", cp.ChargePointId);
                command.Parameters.AddWithValue("$now", nowDb);
                await command.ExecuteNonQueryAsync(ct);
            }
        }

        var inMap = chargePoints.Select(c => c.ChargePoint.ChargePointId).ToHashSet(StringComparer.Ordinal);
        var retired = known.Where(k => !k.Value && !inMap.Contains(k.Key)).Select(k => k.Key).Order(StringComparer.Ordinal).ToList();
        foreach (var id in retired)
        {
            await using var command = scope.CreateCommand("""
                UPDATE charge_points SET retired_at = $now, updated_at = $now WHERE id = $id;
                UPDATE connectors SET retired_at = $now WHERE charge_point_id = $id AND retired_at IS NULL;
                """);
            command.Parameters.AddWithValue("$id", id);
            command.Parameters.AddWithValue("$now", nowDb);
            await command.ExecuteNonQueryAsync(ct);
        }

        // Definitions, retirements and connectors may all have changed: the next lookups read the file again.
        scope.AfterCommit(_cache.Clear);
        return new SiteMapSyncResult(added, restored, retired);
    }

    public Task<SiteMapSyncResult> SyncFromSiteMapAsync(SiteTopology site, DateTimeOffset now, CancellationToken ct = default) =>
        _db.WriteAsync(scope => SyncFromSiteMapAsync(scope, site, now, ct), ct);

    /// <summary>Stores a BootNotification and counts it as contact. Returns false for an unknown charge point.</summary>
    public async Task<bool> RecordBootAsync(WriteScope scope, string chargePointId, BootNotificationInfo boot, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(boot);
        await using var command = scope.CreateCommand("""
            UPDATE charge_points SET vendor = $vendor, model = $model, serial_number = $serial, firmware_version = $firmware,
                boot_status = $status, booted_at = $at, last_seen_at = MAX(COALESCE(last_seen_at, $at), $at)
            WHERE id = $id;
            """);
        command.Parameters.AddWithValue("$id", chargePointId);
        command.Parameters.AddWithValue("$vendor", boot.Vendor);
        command.Parameters.AddWithValue("$model", boot.Model);
        command.Parameters.AddNullable("$serial", boot.SerialNumber);
        command.Parameters.AddNullable("$firmware", boot.FirmwareVersion);
        command.Parameters.AddWithValue("$status", boot.BootStatus);
        command.Parameters.AddWithValue("$at", StoredTime.ToDb(boot.At));
        if (await command.ExecuteNonQueryAsync(ct) != 1)
        {
            return false;
        }

        var stored = boot with { At = StoredTime.AsStored(boot.At) };
        scope.AfterCommit(() => _cache.Apply(chargePointId, r => r with { Boot = stored, LastSeenAt = Later(r.LastSeenAt, stored.At) }));
        return true;
    }

    public Task<bool> RecordBootAsync(string chargePointId, BootNotificationInfo boot, CancellationToken ct = default) =>
        _db.WriteAsync(scope => RecordBootAsync(scope, chargePointId, boot, ct), ct);

    /// <summary>Notes contact with the charge point (any message); the time never moves backwards. Returns false for an unknown charge point.</summary>
    public async Task<bool> RecordSeenAsync(WriteScope scope, string chargePointId, DateTimeOffset at, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        await using var command = scope.CreateCommand(
            "UPDATE charge_points SET last_seen_at = MAX(COALESCE(last_seen_at, $at), $at) WHERE id = $id;");
        command.Parameters.AddWithValue("$id", chargePointId);
        command.Parameters.AddWithValue("$at", StoredTime.ToDb(at));
        if (await command.ExecuteNonQueryAsync(ct) != 1)
        {
            return false;
        }

        var stored = StoredTime.AsStored(at);
        scope.AfterCommit(() => _cache.Apply(chargePointId, r => r with { LastSeenAt = Later(r.LastSeenAt, stored) }));
        return true;
    }

    public Task<bool> RecordSeenAsync(string chargePointId, DateTimeOffset at, CancellationToken ct = default) =>
        _db.WriteAsync(scope => RecordSeenAsync(scope, chargePointId, at, ct), ct);

    /// <summary>
    /// Stores a StatusNotification: connector 0 is the charge point itself. A notification older than the
    /// stored one is ignored, since they may arrive out of order after a reconnect. Returns false when the
    /// charge point or connector is not registered.
    /// </summary>
    public async Task<bool> RecordStatusAsync(WriteScope scope, string chargePointId, int connectorId, ConnectorStatus status, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(status);
        ArgumentOutOfRangeException.ThrowIfNegative(connectorId);
        ArgumentException.ThrowIfNullOrWhiteSpace(status.Status);
        ArgumentException.ThrowIfNullOrWhiteSpace(status.ErrorCode);

        var target = connectorId == 0
            ? "charge_points WHERE id = $cp"
            : "connectors WHERE charge_point_id = $cp AND connector_id = $connector";
        await using (var command = scope.CreateCommand(connectorId == 0
            ? "UPDATE charge_points SET status = $status, error_code = $error, status_at = $at WHERE id = $cp AND (status_at IS NULL OR status_at <= $at);"
            : "UPDATE connectors SET status = $status, error_code = $error, status_at = $at WHERE charge_point_id = $cp AND connector_id = $connector AND (status_at IS NULL OR status_at <= $at);"))
        {
            command.Parameters.AddWithValue("$cp", chargePointId);
            command.Parameters.AddWithValue("$connector", connectorId);
            command.Parameters.AddWithValue("$status", status.Status);
            command.Parameters.AddWithValue("$error", status.ErrorCode);
            command.Parameters.AddWithValue("$at", StoredTime.ToDb(status.At));
            if (await command.ExecuteNonQueryAsync(ct) == 1)
            {
                var stored = status with { At = StoredTime.AsStored(status.At) };
                scope.AfterCommit(() => _cache.Apply(chargePointId, r => WithStatus(r, connectorId, stored)));
                return true;
            }
        }

        // Nothing updated: either the target is unknown, or the notification was stale (still a known target).
        await using var exists = scope.CreateCommand($"SELECT 1 FROM {target};");
        exists.Parameters.AddWithValue("$cp", chargePointId);
        exists.Parameters.AddWithValue("$connector", connectorId);
        return await exists.ExecuteScalarAsync(ct) is not null;
    }

    public Task<bool> RecordStatusAsync(string chargePointId, int connectorId, ConnectorStatus status, CancellationToken ct = default) =>
        _db.WriteAsync(scope => RecordStatusAsync(scope, chargePointId, connectorId, status, ct), ct);

    /// <summary>Stores the smart-charging keys read with GetConfiguration. Returns false for an unknown charge point.</summary>
    public async Task<bool> RecordCapabilitiesAsync(WriteScope scope, string chargePointId, SmartChargingCapabilities capabilities, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(capabilities);
        await using var command = scope.CreateCommand("""
            UPDATE charge_points SET allowed_charging_rate_units = $units, max_schedule_periods = $periods,
                max_stack_level = $stack, max_profiles_installed = $profiles
            WHERE id = $id;
            """);
        command.Parameters.AddWithValue("$id", chargePointId);
        command.Parameters.AddNullable("$units", capabilities.AllowedChargingRateUnits);
        command.Parameters.AddNullable("$periods", capabilities.MaxSchedulePeriods);
        command.Parameters.AddNullable("$stack", capabilities.MaxStackLevel);
        command.Parameters.AddNullable("$profiles", capabilities.MaxProfilesInstalled);
        if (await command.ExecuteNonQueryAsync(ct) != 1)
        {
            return false;
        }

        scope.AfterCommit(() => _cache.Apply(chargePointId, r => r with { Capabilities = capabilities }));
        return true;
    }

    public Task<bool> RecordCapabilitiesAsync(string chargePointId, SmartChargingCapabilities capabilities, CancellationToken ct = default) =>
        _db.WriteAsync(scope => RecordCapabilitiesAsync(scope, chargePointId, capabilities, ct), ct);

    /// <summary>
    /// The charge point, retired or not; null when it was never registered. Served from memory after the first read
    /// (<see cref="ChargePointCache"/>): dispatch and fail-safe installs ask for every charger on every event.
    /// </summary>
    public async Task<ChargePointRecord?> GetAsync(string chargePointId, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(chargePointId);
        if (_cache.TryGet(chargePointId, out var cached, out var ticket))
        {
            return cached;
        }

        var found = await QueryAsync("WHERE id = $id", p => p.AddWithValue("$id", chargePointId), ct);
        var record = found.Count == 0 ? null : found[0];
        _cache.Store(chargePointId, record, ticket);
        return record;
    }

    /// <summary>All charge points ordered by group then id.</summary>
    public Task<IReadOnlyList<ChargePointRecord>> ListAsync(bool includeRetired = false, CancellationToken ct = default) =>
        QueryAsync(includeRetired ? "" : "WHERE retired_at IS NULL", _ => { }, ct);

    /// <summary>The group's charge points that are in the site map, ordered by id.</summary>
    public Task<IReadOnlyList<ChargePointRecord>> ListByGroupAsync(string groupId, CancellationToken ct = default) =>
        QueryAsync("WHERE group_id = $group AND retired_at IS NULL", p => p.AddWithValue("$group", groupId), ct);

    private Task<IReadOnlyList<ChargePointRecord>> QueryAsync(string where, Action<SqliteParameterCollection> bind, CancellationToken ct) =>
        _db.ReadAsync<IReadOnlyList<ChargePointRecord>>(async connection =>
        {
            // One snapshot for both queries, so connectors always match their charge points.
            // Deferred: a read-only connection cannot take the write lock that BEGIN IMMEDIATE asks for.
            await using var transaction = connection.BeginTransaction(deferred: true);
            var connectors = new Dictionary<string, List<ConnectorRecord>>(StringComparer.Ordinal);
            await using (var command = connection.CreateCommand())
            {
                command.Transaction = transaction;
                command.CommandText = $"""
                    SELECT {ConnectorColumns} FROM connectors
                    WHERE charge_point_id IN (SELECT id FROM charge_points {where})
                    ORDER BY charge_point_id, connector_id;
                    """;
                bind(command.Parameters);
                await using var reader = await command.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                {
                    var record = ReadConnector(reader);
                    if (!connectors.TryGetValue(record.ChargePointId, out var list))
                    {
                        connectors[record.ChargePointId] = list = [];
                    }

                    list.Add(record);
                }
            }

            var chargePoints = new List<ChargePointRecord>();
            await using (var command = connection.CreateCommand())
            {
                command.Transaction = transaction;
                command.CommandText = $"SELECT {ChargePointColumns} FROM charge_points {where} ORDER BY group_id, id;";
                bind(command.Parameters);
                await using var reader = await command.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                {
                    var id = reader.GetString(0);
                    chargePoints.Add(ReadChargePoint(reader, connectors.TryGetValue(id, out var list) ? list : []));
                }
            }

            return chargePoints;
        }, ct);

    private static DateTimeOffset Later(DateTimeOffset? seen, DateTimeOffset at) => seen is { } s && s > at ? s : at;

    /// <summary>What <see cref="RecordStatusAsync(WriteScope, string, int, ConnectorStatus, CancellationToken)"/> stored, applied to a copy.</summary>
    private static ChargePointRecord WithStatus(ChargePointRecord record, int connectorId, ConnectorStatus status)
    {
        if (connectorId == 0)
        {
            return record.Status is { } held && held.At > status.At ? record : record with { Status = status };
        }

        var connectors = record.Connectors
            .Select(c => c.ConnectorId == connectorId && (c.LastStatus is null || c.LastStatus.At <= status.At) ? c with { LastStatus = status } : c)
            .ToList();
        return record with { Connectors = connectors };
    }

    private static ChargePointRecord ReadChargePoint(SqliteDataReader r, IReadOnlyList<ConnectorRecord> connectors)
    {
        var boot = r.IsDBNull(9)
            ? null
            : new BootNotificationInfo(r.GetString(5), r.GetString(6), r.GetStringOrNull(7), r.GetStringOrNull(8), r.GetString(9), r.GetTime(10));
        var status = r.IsDBNull(12) ? null : new ConnectorStatus(r.GetString(12), r.GetString(13), r.GetTime(14));
        return new ChargePointRecord(
            r.GetString(0), r.GetString(1), r.GetString(2), r.GetStringOrNull(3), r.GetStringOrNull(4),
            boot, r.GetTimeOrNull(11), status,
            new SmartChargingCapabilities(r.GetStringOrNull(15), r.GetInt32OrNull(16), r.GetInt32OrNull(17), r.GetInt32OrNull(18)),
            r.GetTimeOrNull(19), connectors);
    }

    private static ConnectorRecord ReadConnector(SqliteDataReader r)
    {
        var status = r.IsDBNull(2) ? null : new ConnectorStatus(r.GetString(2), r.GetString(3), r.GetTime(4));
        return new ConnectorRecord(r.GetString(0), r.GetInt32(1), status, r.GetTimeOrNull(5));
    }

    private static void Validate(IReadOnlyList<(string GroupId, ChargePointDefinition ChargePoint)> chargePoints)
    {
        // The site map's loader validated these already; the registry checks again what its tables need,
        // so that a map built in code cannot write a half-valid registry.
        // A charge point id is unique in a topology (its lookup is keyed by it).
        var errors = new List<string>();
        foreach (var (groupId, cp) in chargePoints)
        {
            if (string.IsNullOrWhiteSpace(cp.ChargePointId))
            {
                errors.Add("a charge point has an empty id");
                continue;
            }

            if (string.IsNullOrWhiteSpace(groupId) || string.IsNullOrWhiteSpace(cp.CircuitId))
            {
                errors.Add($"charge point '{cp.ChargePointId}' needs a group id and a circuit id");
            }

            if (!Enum.IsDefined(cp.ChargingRateUnit))
            {
                errors.Add($"charge point '{cp.ChargePointId}': unknown charging rate unit {cp.ChargingRateUnit}");
            }

            if (cp.Connectors is null || cp.Connectors.Count == 0)
            {
                errors.Add($"charge point '{cp.ChargePointId}' has no connectors");
                continue;
            }

            var connectorIds = new HashSet<int>();
            foreach (var c in cp.Connectors)
            {
                var name = $"connector {c.ConnectorId} of '{cp.ChargePointId}'";
                if (c.ConnectorId < 1)
                {
                    errors.Add($"{name}: connector ids start at 1 (0 is the charge point itself)");
                }

                if (!connectorIds.Add(c.ConnectorId))
                {
                    errors.Add($"{name} appears twice");
                }

                if (c.Phases is not (1 or 3))
                {
                    errors.Add($"{name}: phases must be 1 or 3, not {c.Phases}");
                }

                if (c.Phase is { } phase && !Enum.IsDefined(phase))
                {
                    errors.Add($"{name}: phase must be L1, L2 or L3, not '{phase}'");
                }

                if (!(c.MinCurrentA >= 0) || !(c.MaxCurrentA > 0) || c.MinCurrentA > c.MaxCurrentA)
                {
                    errors.Add($"{name}: currents must satisfy 0 <= min ({c.MinCurrentA} A) <= max ({c.MaxCurrentA} A), max > 0");
                }

                if (c.RatedPowerW <= 0)
                {
                    errors.Add($"{name}: rated power must be a positive number of W, not {c.RatedPowerW}");
                }
            }
        }

        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid charge point definitions: " + string.Join("; ", errors) + ".", "site");
        }
    }
}
